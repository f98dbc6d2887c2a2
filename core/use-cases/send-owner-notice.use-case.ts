/**
 * An owner notice from the outbox: enabled, disabled (with the reason) or unassigned (with the
 * product's stock data as CSV). The row is claimed before sending and completed after, so a retry or a
 * second worker never mails it twice; one email covers all variants of an unassigned product.
 */
import type { Db } from '../db/client';
import { itemsOfProduct } from '../db/items.repo';
import type { ItemSnapshot } from '../db/outbox-payload';
import {
  claimEffects,
  completeEffects,
  getEffect,
  pendingUnassignNotices,
  releaseEffects,
} from '../db/outbox.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import { backordered } from '../domain/status';
import type { DisableReason, EnableReason } from '../domain/types';
import { BOM, csvRow } from '../lib/csv';
import type { Mailer } from '../mail/mailer';
import { renderEmail } from '../mail/templates';
import { STOCK_COLUMNS, stockCells } from './export-items.use-case';
import { isImportNotice, sendImportNotice } from './send-import-notice.use-case';

export interface NoticeDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  leaseMs: number;
}

interface NoticePayload {
  kind: 'enabled' | 'disabled' | 'unassigned';
  reason: EnableReason | DisableReason;
  item: ItemSnapshot;
}

export class NoticeBusyError extends Error {}

export type NoticeOutcome = 'sent' | 'already-sent' | 'notifications-off' | 'no-recipient';

export async function sendOwnerNotice(deps: NoticeDeps, outboxId: number): Promise<NoticeOutcome> {
  const row = await getEffect(deps.db, outboxId);
  if (!row || row.dispatchedAt) return 'already-sent';
  const [store, settings] = await Promise.all([
    getStore(deps.db, row.storeId),
    getSettings(deps.db, row.storeId),
  ]);
  const to = settings?.ownerEmail || store?.ownerEmail;
  if (!settings?.notifyOwner || !to) {
    await completeEffects(deps.db, [row.id]);
    return settings?.notifyOwner ? 'no-recipient' : 'notifications-off';
  }
  if (isImportNotice(row.payload)) {
    return sendImportNotice(deps, row, to, store?.name || store?.platformId || 'Your store');
  }
  const payload = row.payload as unknown as NoticePayload;
  const group =
    payload.kind === 'unassigned'
      ? await pendingUnassignNotices(
          deps.db,
          row.storeId,
          (await itemsOfProduct(deps.db, row.storeId, payload.item.productId)).map((i) => i.id),
        )
      : [row];
  const claimed = await claimEffects(
    deps.db,
    group.map((r) => r.id),
    deps.leaseMs,
  );
  if (!claimed.some((r) => r.id === row.id)) {
    if ((await getEffect(deps.db, row.id))?.dispatchedAt) return 'already-sent';
    throw new NoticeBusyError(`outbox ${row.id} is being sent by another worker`);
  }
  const items = claimed.map((r) => (r.payload as unknown as NoticePayload).item);
  const view = noticeView(
    payload,
    store?.name || store?.platformId || 'Your store',
    `${deps.appUrl}/app/items/${row.itemId}`,
  );
  try {
    await deps.mailer.send({
      to,
      subject: view.subject,
      ...renderEmail('owner-notification', view),
      messageId: `<outbox-${row.id}@backorder.app>`,
      attachments:
        payload.kind === 'unassigned'
          ? [
              {
                filename: `stock-${payload.item.productId}.csv`,
                content: stockCsv(items),
                contentType: 'text/csv',
              },
            ]
          : undefined,
    });
  } catch (err) {
    await releaseEffects(
      deps.db,
      claimed.map((r) => r.id),
      (err as Error).message,
    );
    throw err;
  }
  await completeEffects(
    deps.db,
    claimed.map((r) => r.id),
  );
  return 'sent';
}

function noticeView(p: NoticePayload, storeName: string, itemUrl: string) {
  const { item } = p;
  const [headline, explanation, reasonText] = texts(p);
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

function texts(p: NoticePayload): [string, string, string] {
  const units = `${p.item.threshold} unit${p.item.threshold === 1 ? '' : 's'}`;
  switch (p.reason) {
    case 'switch_condition':
      return [
        'Backorder enabled',
        'Stock reached your switch condition, so the product now sells on backorder and shows your backorder texts.',
        'stock at the switch condition',
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
      return [
        'Product unassigned',
        'Backorder no longer tracks this product and purchase is disabled. Its stock data is attached as CSV.',
        'unassigned',
      ];
  }
}

function stockCsv(items: ItemSnapshot[]): string {
  return BOM + csvRow([...STOCK_COLUMNS]) + items.map((i) => csvRow(stockCells(i))).join('');
}
