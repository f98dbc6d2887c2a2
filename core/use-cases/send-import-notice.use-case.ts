/**
 * The one email an applied import sends its owner: the file and the counts (items changed, rows
 * unchanged, switches turned on and off, switch-ons the rules refused). Claimed before sending and
 * completed after, like every owner notice, so a retry never mails it twice.
 */
import { claimEffects, completeEffects, releaseEffects, type OutboxRow } from '../db/outbox.repo';
import { renderEmail } from '../mail/templates';
import type { NoticeDeps, NoticeOutcome } from './send-owner-notice.use-case';

export interface ImportNoticePayload {
  kind: 'import-applied';
  importId: string;
  fileName: string;
  changed: number;
  unchanged: number;
  refused: number;
  enabled: number;
  disabled: number;
}

export function isImportNotice(payload: unknown): payload is ImportNoticePayload {
  return (payload as { kind?: unknown } | null)?.kind === 'import-applied';
}

export async function sendImportNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  to: string,
  storeName: string,
): Promise<NoticeOutcome> {
  const payload = row.payload as unknown as ImportNoticePayload;
  const [claimed] = await claimEffects(deps.db, [row.id], deps.leaseMs);
  if (!claimed) return 'already-sent';
  const view = {
    storeName,
    fileName: payload.fileName,
    changed: payload.changed,
    unchanged: payload.unchanged,
    enabled: payload.enabled,
    disabled: payload.disabled,
    refused: payload.refused,
    itemsUrl: `${deps.appUrl}/app/items`,
  };
  const lines = [
    `${storeName} · Backorder`,
    '',
    'Stock import applied',
    '',
    `The file ${payload.fileName} was imported and the backorder rules ran on every changed item.`,
    '',
    `Items changed: ${payload.changed}`,
    `Rows unchanged: ${payload.unchanged}`,
    `Backorder switched on: ${payload.enabled}`,
    `Backorder switched off: ${payload.disabled}`,
    ...(payload.refused > 0 ? [`Switch-ons refused by the rules: ${payload.refused}`] : []),
    '',
    'One email sums up the import: items it switched on or off do not get an email each.',
    'The activity log lists every change.',
    '',
    `Open in Backorder: ${view.itemsUrl}`,
    '',
    "You receive this because owner notifications are on in Backorder's settings.",
  ];
  try {
    await deps.mailer.send({
      to,
      subject: `Stock import applied: ${payload.changed} item${payload.changed === 1 ? '' : 's'} changed`,
      ...renderEmail('import-applied', { ...view, lines }),
      messageId: `<outbox-${row.id}@backorder.app>`,
    });
  } catch (err) {
    await releaseEffects(deps.db, [row.id], (err as Error).message);
    throw err;
  }
  await completeEffects(deps.db, [row.id]);
  return 'sent';
}
