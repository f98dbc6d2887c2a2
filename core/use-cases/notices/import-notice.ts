/**
 * The one email an applied import sends its owner: the file and the counts (items changed, rows
 * unchanged, switches turned on and off, switch-ons the rules refused). The wording is in
 * templates/emails/import-applied.*.hbs.
 */
import { DEEP_LINKS } from '../../contract/admin-api';
import type { ImportNoticePayload } from '../../db/outbox-payload';
import type { OutboxRow } from '../../db/outbox.repo';
import { renderEmail } from '../../mail/templates';
import { deliverNotice, type NoticeDeps, type NoticeOutcome, type Recipient } from './deliver';

export async function sendImportNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  notice: ImportNoticePayload,
  { to, storeName, adminUrl }: Recipient,
): Promise<NoticeOutcome> {
  const { fileName, changed, unchanged, enabled, disabled, refused } = notice;
  return deliverNotice(deps, row, to, () => ({
    subject: `Stock import applied: ${changed} item${changed === 1 ? '' : 's'} changed`,
    ...renderEmail('import-applied', {
      storeName,
      fileName,
      changed,
      unchanged,
      enabled,
      disabled,
      refused,
      itemsUrl: adminUrl(DEEP_LINKS.items),
    }),
  }));
}
