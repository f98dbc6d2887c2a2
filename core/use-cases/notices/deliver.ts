/**
 * Sending one owner email for outbox rows, the same for every kind of notice: claim the rows (a
 * lease, so a retry or a second worker never mails them twice at the same time), send, mark them
 * dispatched. A failed send releases them with the error, for the job's retry.
 */
import type { Db } from '../../db/client';
import {
  claimEffects,
  completeEffects,
  getEffect,
  releaseEffects,
  type OutboxRow,
} from '../../db/outbox.repo';
import { RetryableError } from '../../errors';
import type { Mailer, OutgoingMail } from '../../mail/mailer';

export interface NoticeDeps {
  db: Db;
  mailer: Mailer;
  appUrl: string;
  leaseMs: number;
}

export type NoticeOutcome = 'sent' | 'already-sent' | 'notifications-off' | 'no-recipient';

/** Where the email goes and the store it speaks for. */
export interface Recipient {
  to: string;
  storeName: string;
}

/** Another worker holds the notice's row: it may still fail, so the job tries again later. */
export class NoticeBusyError extends RetryableError {
  override readonly code = 'notice_busy';
}

export type NoticeEmail = Omit<OutgoingMail, 'to' | 'messageId'>;

/**
 * Sends `row`'s email, which covers the rows `ids` (the row's own id among them), once they are
 * claimed; `compose` gets the claimed rows. The Message-ID is the row's, so a resend after a crash is
 * recognisable as the same message.
 */
export async function deliverNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  ids: number[],
  to: string,
  compose: (claimed: OutboxRow[]) => NoticeEmail,
): Promise<NoticeOutcome> {
  const claimed = await claimEffects(deps.db, ids, deps.leaseMs);
  if (!claimed.some((r) => r.id === row.id)) {
    if ((await getEffect(deps.db, row.id))?.dispatchedAt) return 'already-sent';
    throw new NoticeBusyError(`outbox ${row.id} is being sent by another worker`);
  }
  const claimedIds = claimed.map((r) => r.id);
  try {
    // Composed inside: a rendering failure releases the rows with its error like a failed send.
    const email = compose(claimed);
    await deps.mailer.send({ to, ...email, messageId: `<outbox-${row.id}@backorder.app>` });
  } catch (err) {
    await releaseEffects(deps.db, claimedIds, (err as Error).message);
    throw err;
  }
  await completeEffects(deps.db, claimedIds);
  return 'sent';
}
