/**
 * The one email a changed switch condition sends its owner once applied: the old and new level and
 * how many products it switched on and off (no email per product: a store-wide change would flood the
 * inbox). The wording is in templates/emails/switch-condition-applied.*.hbs.
 */
import { DEEP_LINKS } from '../../contract/admin-api';
import type { SwitchConditionNoticePayload } from '../../db/outbox-payload';
import type { OutboxRow } from '../../db/outbox.repo';
import { renderEmail } from '../../mail/templates';
import { deliverNotice, type NoticeDeps, type NoticeOutcome, type Recipient } from './deliver';

export async function sendSwitchConditionNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  notice: SwitchConditionNoticePayload,
  { to, storeName, adminUrl }: Recipient,
): Promise<NoticeOutcome> {
  const { from, to: level, switchedOn, switchedOff } = notice;
  const products = (n: number) => `${n} product${n === 1 ? '' : 's'}`;
  return deliverNotice(deps, row, to, () => ({
    subject: `Switch condition ${from} → ${level}: backorder switched on for ${products(switchedOn)}, off for ${products(switchedOff)}`,
    ...renderEmail('switch-condition-applied', {
      storeName,
      from,
      to: level,
      switchedOn,
      switchedOff,
      itemsUrl: adminUrl(DEEP_LINKS.items),
    }),
  }));
}
