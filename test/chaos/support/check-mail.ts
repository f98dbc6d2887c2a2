/**
 * Invariant 6: every owner notice (`notify-owner` outbox row) is mailed exactly once across the
 * worker SIGKILLs, told apart by its Message-ID `<outbox-N@backorder.app>`. The README documents one
 * window of at-least-once: a worker killed between the SMTP server's "250 OK" and marking the notice
 * sent resends it; at most one such resend per SIGKILL is accepted, when its first copy arrived just
 * before that kill (or just after: what the worker had written to its socket still arrives).
 */
import type { Check, Evidence } from './evidence';

const MESSAGE_ID = /<outbox-(\d+)@backorder\.app>/;
/** A first copy this close before a kill may be the one the killed worker had not yet marked sent. */
const KILL_WINDOW_MS = 3000;
/**
 * ... or a little after it: what the killed worker had written to its socket still reaches the SMTP
 * server, which takes the message when the last bytes come in.
 */
const FLUSH_MS = 1000;

export function checkMail(e: Evidence): Check {
  const copies = new Map<number, number[]>();
  let strangers = 0;
  for (const m of e.mail) {
    const id = Number(MESSAGE_ID.exec(m.messageId)?.[1]);
    if (!id) {
      strangers += 1;
      continue;
    }
    copies.set(id, [...(copies.get(id) ?? []), Date.parse(m.receivedAt)]);
  }
  const kills = e.faults
    .filter((f) => f.kind === 'worker SIGKILL')
    .map((f) => ({ at: f.startedAt, used: false }));
  const violations: string[] = [];
  let sent = 0;
  let lost = 0;
  let duplicated = 0;
  let explained = 0;
  for (const notice of e.notices) {
    const got = (copies.get(notice.id) ?? []).sort((a, b) => a - b);
    copies.delete(notice.id);
    const what = `notice ${notice.id} (item ${notice.itemId}, ${notice.kind} ${notice.reason})`;
    if (got.length === 0) {
      lost += 1;
      violations.push(
        `${what}: never mailed${notice.dispatchedAt ? ' though marked sent' : ', still pending'}`,
      );
      continue;
    }
    sent += 1;
    if (got.length === 1) continue;
    duplicated += got.length - 1;
    const kill = kills.find((k) => !k.used && got[0]! - k.at <= FLUSH_MS && k.at - got[0]! <= KILL_WINDOW_MS);
    if (kill && got.length === 2) {
      kill.used = true;
      explained += 1;
      continue;
    }
    const start = e.loadStartedAt;
    const when = got.map((t) => `+${((t - start) / 1000).toFixed(3)} s`).join(', ');
    const killsAt = kills.map((k) => `+${((k.at - start) / 1000).toFixed(3)} s`).join(', ');
    violations.push(`${what}: mailed ${got.length} times (at ${when}; kills at ${killsAt || 'none'})`);
  }
  for (const [id, got] of copies)
    violations.push(`email for outbox row ${id} (${got.length}×) has no notice`);
  return {
    name: '6. owner emails exactly once',
    pass: violations.length === 0,
    figures: [
      `emails: ${e.notices.length} notices, ${sent} mailed, ${lost} lost, ${duplicated} duplicated ` +
        `(${explained} a resend after a SIGKILL mid-send)${strangers ? `, ${strangers} without an outbox id` : ''}`,
    ],
    violations,
  };
}
