/**
 * An owner notice from the outbox, as the notify worker is asked to send it: an item's (enabled,
 * disabled, unassigned), or the summary of an applied import or switch condition. Nothing is sent
 * when the owner turned notifications off or has no address; the row is then done all the same.
 */
import type { NoticePayload } from '../db/outbox-payload';
import { completeEffects, getEffect, type OutboxRow } from '../db/outbox.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import type { NoticeDeps, NoticeOutcome } from './notices/deliver';
import { sendImportNotice } from './notices/import-notice';
import { sendItemNotice } from './notices/item-notice';
import { sendSwitchConditionNotice } from './notices/switch-condition-notice';

export type { NoticeDeps, NoticeOutcome } from './notices/deliver';

export async function sendNotice(deps: NoticeDeps, outboxId: number): Promise<NoticeOutcome> {
  const row = await getEffect(deps.db, outboxId);
  if (!row || row.dispatchedAt) return 'already-sent';
  const [store, settings] = await Promise.all([
    getStore(deps.db, row.storeId),
    getSettings(deps.db, row.storeId),
  ]);
  const to = settings?.ownerEmail || store?.ownerEmail;
  if (!store || !settings?.notifyOwner || !to) {
    await completeEffects(deps.db, [row.id]);
    return settings?.notifyOwner ? 'no-recipient' : 'notifications-off';
  }
  const app = deps.platforms.app(store.platform);
  const recipient = {
    to,
    storeName: store.name || store.platformId,
    adminUrl: (path: string) => app.adminUrl(store.platformId, path),
  };
  const notice = noticeOf(row);
  if (notice.kind === 'import-applied') return sendImportNotice(deps, row, notice, recipient);
  if (notice.kind === 'switch-condition-applied')
    return sendSwitchConditionNotice(deps, row, notice, recipient);
  return sendItemNotice(deps, row, notice, recipient);
}

function noticeOf(row: OutboxRow): NoticePayload {
  if ('kind' in row.payload) return row.payload;
  throw new Error(`outbox ${row.id} (${row.type}) is not an owner notice`);
}
