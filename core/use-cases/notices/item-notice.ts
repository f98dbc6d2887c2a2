/**
 * An item's notice: backorder enabled, disabled (with the reason) or the product unassigned (with its
 * stock data as CSV). One email covers every variant of an unassigned product whose notice is pending.
 */
import { itemsOfProduct } from '../../db/items.repo';
import type { ItemNoticePayload, OutboxPayload } from '../../db/outbox-payload';
import { pendingUnassignNotices, type OutboxRow } from '../../db/outbox.repo';
import { backordered } from '../../domain/status';
import { BOM, csvRow } from '../../lib/csv';
import { renderEmail } from '../../mail/templates';
import { STOCK_COLUMNS, stockCells } from '../export-items.use-case';
import { deliverNotice, type NoticeDeps, type NoticeOutcome, type Recipient } from './deliver';

export async function sendItemNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  notice: ItemNoticePayload,
  { to, storeName }: Recipient,
): Promise<NoticeOutcome> {
  const group =
    notice.kind === 'unassigned'
      ? await pendingUnassignNotices(
          deps.db,
          row.storeId,
          (await itemsOfProduct(deps.db, row.storeId, notice.item.productId)).map((i) => i.id),
        )
      : [row];
  return deliverNotice(
    deps,
    row,
    group.map((r) => r.id),
    to,
    (claimed) => {
      const view = noticeView(notice, storeName, `${deps.appUrl}/app/items/${row.itemId}`, claimed);
      return {
        subject: view.subject,
        ...renderEmail('owner-notification', view),
        attachments:
          notice.kind === 'unassigned'
            ? [
                {
                  filename: `stock-${notice.item.productId}.csv`,
                  content: stockCsv(claimed.map((r) => r.payload).filter(isItemNotice)),
                  contentType: 'text/csv',
                },
              ]
            : undefined,
      };
    },
  );
}

/** The claimed rows are the group's `unassigned` notices; the guard only tells the type so. */
function isItemNotice(payload: OutboxPayload): payload is ItemNoticePayload {
  return 'kind' in payload && 'item' in payload;
}

function noticeView(p: ItemNoticePayload, storeName: string, itemUrl: string, claimed: OutboxRow[]) {
  const { item } = p;
  const [headline, explanation, reasonText] = texts(p, claimed.map((r) => r.payload).filter(isItemNotice));
  return {
    subject: `${headline}: ${item.name}${item.sku ? ` (${item.sku})` : ''}`,
    headline,
    explanation,
    reasonText,
    storeName,
    productName: item.name,
    sku: item.sku || '—',
    stock: item.stock,
    backordered: backordered(item.stock),
    threshold: item.threshold,
    backInStockDate: item.backInStockDate,
    itemUrl,
  };
}

function texts(p: ItemNoticePayload, group: ItemNoticePayload[]): [string, string, string] {
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
      return ['Product unassigned', unassignedText(group.length > 0 ? group : [p]), 'unassigned'];
  }
}

/** What unassigning did to each variant the email covers: purchase disabled, or kept purchasable. */
function unassignedText(group: ItemNoticePayload[]): string {
  const names = (kept: boolean) =>
    group.filter((n) => (n.keptPurchasable === true) === kept).map((n) => n.item.name);
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

function stockCsv(notices: ItemNoticePayload[]): string {
  return BOM + csvRow([...STOCK_COLUMNS]) + notices.map(({ item }) => csvRow(stockCells(item))).join('');
}
