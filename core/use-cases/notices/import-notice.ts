/**
 * The one email an applied import sends its owner: the file and the counts (items changed, rows
 * unchanged, switches turned on and off, switch-ons the rules refused).
 */
import type { ImportNoticePayload } from '../../db/outbox-payload';
import type { OutboxRow } from '../../db/outbox.repo';
import { renderEmail } from '../../mail/templates';
import { deliverNotice, type NoticeDeps, type NoticeOutcome, type Recipient } from './deliver';

export async function sendImportNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  notice: ImportNoticePayload,
  { to, storeName }: Recipient,
): Promise<NoticeOutcome> {
  const { fileName, changed, unchanged, enabled, disabled, refused } = notice;
  const view = {
    storeName,
    fileName,
    changed,
    unchanged,
    enabled,
    disabled,
    refused,
    itemsUrl: `${deps.appUrl}/app/items`,
  };
  const lines = [
    `${storeName} · Backorder`,
    '',
    'Stock import applied',
    '',
    `The file ${fileName} was imported and the backorder rules ran on every changed item.`,
    '',
    `Items changed: ${changed}`,
    `Rows unchanged: ${unchanged}`,
    `Backorder switched on: ${enabled}`,
    `Backorder switched off: ${disabled}`,
    ...(refused > 0 ? [`Switch-ons refused by the rules: ${refused}`] : []),
    '',
    'One email sums up the import: items it switched on or off do not get an email each.',
    'The activity log lists every change.',
    '',
    `Open in Backorder: ${view.itemsUrl}`,
    '',
    "You receive this because owner notifications are on in Backorder's settings.",
  ];
  return deliverNotice(deps, row, [row.id], to, () => ({
    subject: `Stock import applied: ${changed} item${changed === 1 ? '' : 's'} changed`,
    ...renderEmail('import-applied', { ...view, lines }),
  }));
}
