/**
 * Sending one owner email for one outbox row, the same for every kind of notice: claim the row (a
 * lease, so a retry or a second worker never mails it twice at the same time), send, mark it
 * dispatched. A failed send releases it with the error, for the job's retry. One email is one row:
 * what it covers (an unassigned product's every variant) was written into that row, so no job ever
 * holds a claim on rows another job's email is about.
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
import type { Platforms } from '../platforms';

export interface NoticeDeps {
  db: Db;
  mailer: Mailer;
  /** The store's platform: its admin is where the emails' links open the app. */
  platforms: Pick<Platforms, 'app'>;
  leaseMs: number;
}

export type NoticeOutcome = 'sent' | 'already-sent' | 'notifications-off' | 'no-recipient';

/** Where the email goes, the store it speaks for, and where its links open the app (DEEP_LINKS). */
export interface Recipient {
  to: string;
  storeName: string;
  adminUrl(path: string): string;
}

/** Another worker holds the notice's row: it may still fail, so the job tries again later. */
export class NoticeBusyError extends RetryableError {
  override readonly code = 'notice_busy';
}

export type NoticeEmail = Omit<OutgoingMail, 'to' | 'messageId'>;

/**
 * Sends `row`'s email once the row is claimed. The Message-ID is the row's, so a resend after a crash
 * is recognisable as the same message.
 */
export async function deliverNotice(
  deps: NoticeDeps,
  row: OutboxRow,
  to: string,
  compose: () => NoticeEmail,
): Promise<NoticeOutcome> {
  const claimedAt = performance.now();
  const [claimed] = await claimEffects(deps.db, [row.id], deps.leaseMs);
  if (!claimed) {
    if ((await getEffect(deps.db, row.id))?.dispatchedAt) return 'already-sent';
    throw new NoticeBusyError(`outbox ${row.id} is being sent by another worker`);
  }
  try {
    // Composed inside: a rendering failure releases the row with its error like a failed send.
    const email = compose();
    await deps.mailer.send({ to, ...email, messageId: `<outbox-${row.id}@backorder.app>` });
  } catch (err) {
    await releaseEffects(deps.db, [row.id], (err as Error).message);
    throw err;
  }
  await recordSent(deps, row.id, claimedAt);
  return 'sent';
}

/** A mail the SMTP server took and is not yet marked sent is resent once its lease lapses: keep trying
 *  to mark it while the lease holds (a database outage shorter than the lease then sends it once). */
const MARK_MARGIN_MS = 5000;

async function recordSent(deps: NoticeDeps, id: number, claimedAt: number): Promise<void> {
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      await completeEffects(deps.db, [id]);
      return;
    } catch (err) {
      // Past the lease another worker may claim it: the resend the README's known limit describes.
      if (performance.now() - claimedAt + wait > deps.leaseMs - MARK_MARGIN_MS) throw err;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
