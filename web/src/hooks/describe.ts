/**
 * The admin's words for statuses, activity and import results: plain strings, no UI library, so
 * every admin (BigDesign now, Polaris later) says the same thing.
 */
import type { ActivityEvent, ItemStatus, SwitchConditionApply } from '../api/types';

export const STATUS_LABEL: Record<ItemStatus, string> = {
  in_stock: 'In stock',
  backorder: 'Backorder',
  unavailable: 'Unavailable',
};

export const EVENT_LABEL: Record<string, string> = {
  assign: 'Assigned',
  unassign: 'Unassigned',
  'stock-level': 'Stock changed',
  'stock-delta': 'Stock adjusted',
  'on-hand': 'Warehouse count',
  sale: 'Sale',
  'manual-toggle': 'Switched by hand',
  edit: 'Edited',
  tick: 'Date check',
  'switch-condition': 'Switch condition applied',
  'switch-condition-applied': 'Switch condition changed',
  oversold: 'Oversold',
  import: 'Imported',
  'import-applied': 'Import applied',
  'import-refused': 'Import row refused',
  'job-failed': 'Needs your attention',
  'product-deleted': 'No longer tracked',
  'variant-deleted': 'No longer tracked',
};

export const describeActor = (a: ActivityEvent['actor']) =>
  a.email
    ? String(a.email)
    : a.kind === 'platform'
      ? 'BigCommerce'
      : a.kind === 'system'
        ? 'Backorder'
        : a.kind === 'import'
          ? 'CSV import'
          : String(a.kind ?? '—');

const FIELDS: Array<[string, string]> = [
  ['stock', 'stock'],
  ['status', 'status'],
  ['enabled', 'backorder'],
  ['threshold', 'threshold'],
  ['incomingStock', 'incoming'],
  ['backInStockDate', 'back in stock'],
];

const show = (key: string, v: unknown) =>
  key === 'status'
    ? label(v as string)
    : key === 'enabled'
      ? v
        ? 'on'
        : 'off'
      : v === null || v === undefined || v === ''
        ? '—'
        : String(v);

export function describeChange(e: ActivityEvent): string {
  const from = e.data.from as Record<string, unknown> | undefined;
  const to = e.data.to as Record<string, unknown> | undefined;
  const parts: string[] = [];
  if (from && to) {
    for (const [key, name] of FIELDS) {
      if (!(key in to) || JSON.stringify(from[key]) === JSON.stringify(to[key])) continue;
      parts.push(
        key === 'enabled'
          ? `backorder ${show(key, to[key])}`
          : `${name} ${show(key, from[key])} → ${show(key, to[key])}`,
      );
    }
  }
  if (e.type === 'sale' && e.data.quantity !== undefined)
    parts.unshift(`${e.data.quantity} sold (order ${e.data.orderId})`);
  if (e.type === 'import-applied')
    parts.push(
      `${String(e.data.fileName ?? 'file')}: ${e.data.changed ?? 0} changed, ${e.data.refused ?? 0} refused`,
    );
  if (e.type === 'switch-condition-applied')
    parts.push(
      `${String(e.data.from)} → ${String(e.data.to)}: ${Number(e.data.switchedOn)} switched on, ${Number(e.data.switchedOff)} switched off`,
    );
  if (e.type === 'import-refused') parts.push(`row ${String(e.data.row)}: ${String(e.data.reason ?? '')}`);
  if (e.type === 'job-failed') parts.push(String(e.data.message ?? ''));
  if (e.type === 'product-deleted' || e.type === 'variant-deleted') parts.push(String(e.data.reason ?? ''));
  if (e.type === 'oversold')
    parts.push(`${e.data.oversold} unit(s) beyond the threshold on order ${e.data.orderId}`);
  return parts.join(' · ') || '—';
}

const label = (s?: string) => (s && s in STATUS_LABEL ? STATUS_LABEL[s as ItemStatus] : String(s));

const COUNT_LABEL: Record<string, string> = {
  changed: 'changed',
  unchanged: 'unchanged',
  refused: 'refused by the backorder rules',
  enabled: 'switched to backorder',
  disabled: 'taken off backorder',
};

export function appliedSummary(counts: Record<string, number> | undefined): string {
  if (!counts) return 'The changes are saved.';
  const parts = Object.entries(counts)
    .filter(([k, n]) => k === 'changed' || n > 0)
    .map(([k, n]) => `${n} ${COUNT_LABEL[k] ?? k}`);
  return `Saved: ${parts.join(' · ')}.`;
}

/**
 * What the import page says about the file's stock columns: the `stock` cell is a shelf count that
 * pays units owed to customers first (as a warehouse count from BigCommerce does), and `backordered`
 * is there to read.
 */
export const IMPORT_STOCK_HELP = [
  'stock is the number of units on the shelf, as you would count them in the warehouse.',
  'Units owed to customers (sold on backorder) come off that count first: 10 on the shelf with 4 owed leaves 6 to sell.',
  'backordered shows the units owed to customers. It is read-only: changing it in the file changes nothing.',
];

/**
 * A preview row's change, field by field, named as the activity log names them. A stock that pays
 * units owed to customers says so: the file's shelf count is the new stock plus what was owed.
 */
export function importDiff(from: object, to: object): string {
  const names = new Map(FIELDS);
  const before = from as Record<string, unknown>;
  const after = to as Record<string, unknown>;
  return Object.keys(after)
    .filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after[k]))
    .map((k) => {
      const name = names.get(k) ?? k;
      const text = `${name[0]!.toUpperCase()}${name.slice(1)}: ${show(k, before?.[k])} → ${show(k, after[k])}`;
      const owed = k === 'stock' ? Math.max(0, -Number(before?.[k])) : 0;
      return owed > 0 ? `${text} (${Number(after[k]) + owed} on the shelf, less ${owed} owed)` : text;
    })
    .join(' · ');
}

const products = (n: number) => `${n} product${n === 1 ? '' : 's'}`;

/** What the Settings page says about the last change of the switch condition, while and once applied. */
export function switchApplyNotice(
  apply: SwitchConditionApply | null | undefined,
): { type: 'info' | 'success' | 'error'; header: string; text: string } | null {
  if (!apply) return null;
  const counts = `backorder switched on for ${products(apply.switchedOn)} and off for ${products(apply.switchedOff)}`;
  switch (apply.status) {
    case 'applying':
      return {
        type: 'info',
        header: `Applying the switch condition ${apply.to} to your products…`,
        text: `So far ${counts}. You can leave this page: it goes on, and you get one email when it is done.`,
      };
    case 'applied':
      return {
        type: 'success',
        header: `Switch condition changed from ${apply.from} to ${apply.to}`,
        text: `Applied to your assigned products: ${counts}.`,
      };
    case 'failed':
      return {
        type: 'error',
        header: `The switch condition ${apply.to} was not fully applied`,
        text: `A problem on our side stopped it after ${counts}. Save the settings again to finish it.`,
      };
  }
}
