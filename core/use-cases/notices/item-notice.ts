/**
 * An item's notice: backorder enabled, disabled (with the reason) or a product unassigned (with the
 * stock data of every variant as CSV, all in the one row the unassignment wrote).
 */
import { DEEP_LINKS } from '../../contract/admin-api';
import type { ItemNoticePayload, ItemSnapshot } from '../../db/outbox-payload';
import type { OutboxRow } from '../../db/outbox.repo';
import { backordered } from '../../domain/status';
import { BOM, csvRow } from '../../lib/csv';
import { renderEmail } from '../../mail/templates';
import { STOCK_COLUMNS, stockCells } from '../export-items.use-case';
import { deliverNotice, type NoticeDeps, type NoticeOutcome, type Recipient } from './deliver';

export async function sendItemNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  notice: ItemNoticePayload,
  { to, storeName, adminUrl }: Recipient,
): Promise<NoticeOutcome> {
  return deliverNotice(deps, row, to, () => {
    const view = noticeView(
      notice,
      storeName,
      adminUrl(row.itemId ? DEEP_LINKS.item(row.itemId) : DEEP_LINKS.items),
    );
    return {
      subject: view.subject,
      ...renderEmail('owner-notification', view),
      attachments:
        notice.kind === 'unassigned'
          ? [
              {
                filename: `stock-${notice.item.productId}.csv`,
                content: stockCsv(notice.items ?? [notice.item]),
                contentType: 'text/csv',
              },
            ]
          : undefined,
    };
  });
}

function noticeView(p: ItemNoticePayload, storeName: string, itemUrl: string) {
  const { item } = p;
  const [headline, explanation, reasonText] = texts(p);
  // An unassigned product of several variants lists each of them; otherwise the item's own figures.
  const several = (p.items ?? []).length > 1 ? p.items! : [];
  const others = several.length - 1;
  return {
    subject:
      `${headline}: ${item.name}${item.sku ? ` (${item.sku})` : ''}` +
      (others > 0 ? ` and ${others} other variant${others === 1 ? '' : 's'}` : ''),
    variants: several.map((v) => ({
      name: v.name,
      sku: v.sku || '—',
      onHand: Math.max(0, v.stock),
      backordered: backordered(v.stock),
      threshold: v.threshold,
    })),
    headline,
    explanation,
    reasonText,
    storeName,
    productName: item.name,
    sku: item.sku || '—',
    onHand: Math.max(0, item.stock),
    backordered: backordered(item.stock),
    // What the store sells after the change (a string, so that 0 still shows); an unassigned item's
    // purchase is the unassignment's to say.
    sellable: p.kind === 'unassigned' ? undefined : String(sellableAfter(p)),
    threshold: item.threshold,
    backInStockDate: item.backInStockDate,
    itemUrl,
  };
}

/** On hand, plus the backorder room left when backorder switched on; on hand alone when it switched off. */
function sellableAfter({ kind, item }: ItemNoticePayload): number {
  const onHand = Math.max(0, item.stock);
  return kind === 'enabled' ? onHand + Math.max(0, item.threshold - backordered(item.stock)) : onHand;
}

function texts(p: ItemNoticePayload): [string, string, string] {
  const units = `${p.item.threshold} unit${p.item.threshold === 1 ? '' : 's'}`;
  switch (p.reason) {
    case 'switch_condition':
      return p.kind === 'enabled'
        ? [
            'Backorder enabled',
            'Stock reached your switch condition, so the product now sells on backorder and shows your backorder texts.',
            'stock at the switch condition',
          ]
        : [
            'Backorder disabled',
            'Stock is above the switch condition now, so the product sells its units on hand only; backorder switches on again when stock falls to it.',
            'stock above the switch condition',
          ];
    case 'threshold_used_up':
      return [
        'Backorder disabled',
        `All ${units} of the backorder threshold are sold. Purchase is disabled until stock arrives.`,
        'threshold used up',
      ];
    case 'back_in_stock_date':
      return [
        'Backorder disabled',
        `The back-in-stock date (${p.item.backInStockDate}) has arrived, so backorder is off.`,
        'back-in-stock date reached',
      ];
    case 'manual':
      return p.kind === 'enabled'
        ? ['Backorder enabled', 'Backorder was turned on by hand in Backorder.', 'turned on by hand']
        : ['Backorder disabled', 'Backorder was turned off by hand in Backorder.', 'turned off by hand'];
    case 'unassigned':
      return ['Product unassigned', unassignedText(p), 'unassigned'];
  }
}

/** What unassigning did to each variant the email covers: purchase disabled, or kept purchasable. */
function unassignedText(p: ItemNoticePayload): string {
  const group = p.items ?? [{ ...p.item, keptPurchasable: p.keptPurchasable }];
  const names = (kept: boolean) =>
    group.filter((v) => (v.keptPurchasable === true) === kept).map((v) => v.name);
  const [kept, disabled] = [names(true), names(false)];
  return [
    'Backorder no longer tracks this product and its backorder room is withdrawn.',
    kept.length > 0
      ? `Left purchasable with their units on the shelf (your store keeps tracking their stock, so it sells no more): ${kept.join(', ')}.`
      : '',
    disabled.length > 0 ? `Purchase disabled: ${disabled.join(', ')}.` : '',
    'Its stock data is attached as CSV.',
  ]
    .filter(Boolean)
    .join(' ');
}

function stockCsv(items: ItemSnapshot[]): string {
  return BOM + csvRow([...STOCK_COLUMNS]) + items.map((item) => csvRow(stockCells(item))).join('');
}
