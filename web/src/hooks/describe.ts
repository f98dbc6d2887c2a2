/**
 * The admin's words for statuses, activity and import results: plain strings, no UI library, so
 * every admin (BigDesign now, Polaris later) says the same thing.
 */
import type { ActivityEvent, Item, ItemStatus, SwitchConditionApply } from '../api/types';
import { dateStarted } from './dates';

const products = (n: number) => `${n} product${n === 1 ? '' : 's'}`;

export const STATUS_LABEL: Record<ItemStatus, string> = {
  in_stock: 'In stock',
  backorder: 'Backorder',
  unavailable: 'Unavailable',
};

/** What the Products page says when a link (an owner's email) opened it at one item. */
export const LINKED_ITEM = {
  shown: 'Showing the product this link opened.',
  gone: 'The product this link opened is no longer assigned to Backorder: it was unassigned, or deleted from the store, since.',
  showAll: 'Show all products',
};

/** What the Products page says when a search matches more products than it counts (`SEARCH.countUpTo`). */
export const searchCapped = (counted: number) =>
  `More than ${counted.toLocaleString('en')} products match; the pages show the first ${counted.toLocaleString('en')}. Add to the search to narrow it down.`;

export const EVENT_LABEL: Record<string, string> = {
  assign: 'Assigned',
  unassign: 'Unassigned',
  'make-purchasable': 'Made purchasable',
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
  texts: 'Texts edited',
  'template-applied': 'Template re-applied',
  settings: 'Settings changed',
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
  // An item no longer tracked has no stock status of its own: say what the shopper meets instead.
  if ((e.type === 'unassign' || e.type === 'make-purchasable') && to) {
    const status = parts.findIndex((p) => p.startsWith('status '));
    if (status >= 0) parts.splice(status, 1);
    parts.unshift(
      e.type === 'make-purchasable'
        ? 'purchase enabled: your store sells the units it counts, without backorder'
        : to.status === 'in_stock'
          ? 'kept purchasable with its units on hand'
          : 'purchase disabled',
    );
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
  if (e.type === 'texts' && from && to) parts.push(...changedTexts(from, to));
  if (e.type === 'settings' && from && to) parts.push(...changedSettings(from, to));
  if (e.type === 'template-applied') {
    const refused = Number(e.data.refused ?? 0);
    parts.push(
      `“${String(e.data.name)}” re-applied to ${products(Number(e.data.items) - refused)}` +
        (refused > 0 ? `; ${products(refused)} kept their values` : ''),
    );
  }
  if (e.type === 'product-deleted' || e.type === 'variant-deleted') parts.push(String(e.data.reason ?? ''));
  if (e.type === 'oversold')
    parts.push(`${e.data.oversold} unit(s) beyond the threshold on order ${e.data.orderId}`);
  return parts.join(' · ') || '—';
}

const TEXT_NAMES: Record<string, string> = {
  buttonText: 'button text',
  productMessage: 'product message',
  cartMessage: 'cart message',
  packingSlipNote: 'packing slip note',
};

const quoted = (v: unknown) => (v === '' || v === null || v === undefined ? '(empty)' : `“${String(v)}”`);

function changedTexts(from: Record<string, unknown>, to: Record<string, unknown>): string[] {
  return Object.keys(to)
    .filter((k) => k in TEXT_NAMES)
    .map((k) => `${TEXT_NAMES[k]} ${quoted(from[k])} → ${quoted(to[k])}`);
}

const onOff = (v: unknown) => (v ? 'on' : 'off');
const orNone = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A Settings save, setting by setting, in the page's words. */
const SETTING_WORDS: Array<[string, string, (v: unknown) => string]> = [
  ['switchCondition', 'switch condition', orNone],
  ['defaultTemplate', 'default template', orNone],
  ['notifyOwner', 'emails', onOff],
  ['ownerEmail', 'notifications to', (v) => (v ? String(v) : 'the store owner')],
  ['timeZone', 'time zone', orNone],
  ['autoAssignNewProducts', 'auto-assign', onOff],
];

function changedSettings(from: Record<string, unknown>, to: Record<string, unknown>): string[] {
  return SETTING_WORDS.filter(([k]) => k in to).map(
    ([k, name, show]) => `${name} ${show(from[k])} → ${show(to[k])}`,
  );
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

/**
 * How many products a template was applied to: "3 products", "2 products (5 variants)" where products
 * are tracked per variant; `short` leaves the variants out (a button's label).
 */
export function usedBy(usage: { products: number; items: number }, form: 'long' | 'short' = 'long'): string {
  const variants = usage.items !== usage.products && form === 'long' ? ` (${usage.items} variants)` : '';
  return `${products(usage.products)}${variants}`;
}

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

/**
 * The warning under a back-in-stock date that has started in the store's zone: backorder stops on that
 * day, so saving it switches backorder off (for this product, or for those given the template).
 */
export function startedDateWarning(
  date: string,
  timeZone: string | undefined,
  now: Date,
  scope: 'template' | 'item',
): string | undefined {
  if (!timeZone || !dateStarted(date, timeZone, now)) return undefined;
  const started = `${date} has already started in your store’s time zone (${timeZone}), and backorder stops on that day`;
  return scope === 'item'
    ? `${started}: saving it switches backorder off for this product, and it stays off until you set a later date.`
    : `${started}: products given this template (when you assign or re-apply it) have backorder switched off at once.`;
}

/**
 * What switching backorder on by hand changes for a product still in stock, said before it is done:
 * its units on hand sell as usual; the backorder room opens only at the switch condition, and a switch
 * set by hand stays when the switch condition is changed. Null where no question is needed.
 */
export function manualOnNotice(item: Item): { header: string; body: string } | null {
  if (item.enabled || item.status !== 'in_stock') return null;
  const units = `${item.stock} unit${item.stock === 1 ? '' : 's'}`;
  const at =
    item.switchAt === null
      ? 'your switch condition (Settings)'
      : `its own switch condition of ${item.switchAt}`;
  return {
    header: `Switch backorder on for “${item.name}”?`,
    body:
      `“${item.name}” is in stock: its ${units} keep selling as usual, and nothing changes for shoppers while its stock is above ${at}. ` +
      `From there down, shoppers can also order up to ${item.threshold} more on backorder, and see its backorder texts. ` +
      `Switched on by hand, it stays on when you change the switch condition, until the threshold is used up or the back-in-stock date is reached.`,
  };
}

const counted = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** "3 rows with errors", or "5 errors in 3 rows" when some rows have more than one. */
export function importErrorsHeader(errors: number, rows: number): string {
  return errors === rows
    ? `${counted(rows, 'row')} with errors`
    : `${counted(errors, 'error')} in ${counted(rows, 'row')}`;
}

/**
 * What the errors download holds: every error, or, for a file with very many, the first ones by row
 * (the counts above it stay exact).
 */
export function importErrorsDownload(errors: number, kept: number): { label: string; note?: string } {
  if (!(kept < errors)) return { label: 'Download all errors' };
  return {
    label: `Download the first ${counted(kept, 'error')}`,
    note: `The errors file lists the first ${counted(kept, 'error')} by row, of ${errors.toLocaleString('en-US')}; fix those and upload the file again to see the rest.`,
  };
}
