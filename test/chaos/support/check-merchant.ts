/**
 * Invariant 5: a merchant change made during an outage reaches the platform and the owner's inbox
 * within two minutes of the backend coming back, without restarting anything.
 */
import type { Check, Evidence } from './evidence';
import { MERCHANT_WITHIN_MS } from './faults';
import { publicationOf } from './reference';

const MESSAGE_ID = /<outbox-(\d+)@backorder\.app>/;

export function checkMerchantChanges(e: Evidence): Check {
  const violations: string[] = [];
  const figures: string[] = [];
  for (const change of e.merchant) {
    const what = `switch ${change.sku} ${change.enabled ? 'on' : 'off'} during the ${change.during}`;
    const recovered = change.recoveredAt ?? NaN;
    const since = (at: number) =>
      `${(Math.abs(at - recovered) / 1000).toFixed(1)} s ${at < recovered ? 'before' : 'after'} recovery`;
    const tries = change.attempts.map((a) => a.answer).join(', ');
    if (change.acceptedAt === undefined) {
      violations.push(`${what}: never taken (answers: ${tries})`);
      figures.push(`${what}: not taken`);
      continue;
    }
    const item = e.final.get(change.sku)!;
    if (item.state.enabled !== change.enabled)
      violations.push(
        `${what}: taken ${since(change.acceptedAt)}, but the app's switch is ${item.state.enabled ? 'on' : 'off'} now`,
      );
    // The platform: the first moment from which it showed what the app's state says, to the end.
    const want = publicationOf(item.state, e.settings, e.now);
    const seen = e.history.get(change.sku) ?? [];
    let reachedAt: number | undefined;
    for (const s of seen) {
      const ok = s.level === want.level && s.purchasable === want.purchasable;
      if (ok && reachedAt === undefined) reachedAt = Math.max(s.at, change.attempts[0]!.at);
      if (!ok) reachedAt = undefined;
    }
    // The inbox: the owner's notice for this switch, and when it arrived.
    const notice = e.notices.find(
      (n) =>
        n.itemId === change.itemId &&
        n.reason === 'manual' &&
        n.kind === (change.enabled ? 'enabled' : 'disabled') &&
        n.at >= change.attempts[0]!.at,
    );
    const mail = notice && e.mail.find((m) => Number(MESSAGE_ID.exec(m.messageId)?.[1]) === notice.id);
    const mailAt = mail ? Date.parse(mail.receivedAt) : undefined;
    const late = (at: number | undefined) => at === undefined || at > recovered + MERCHANT_WITHIN_MS;
    if (late(reachedAt))
      violations.push(
        `${what}: ${reachedAt === undefined ? 'the platform never showed it' : `the platform showed it ${since(reachedAt)}`}`,
      );
    if (late(mailAt))
      violations.push(
        `${what}: ${!notice ? 'no owner notice written' : mailAt === undefined ? `notice ${notice.id} never mailed` : `mailed ${since(mailAt)}`}`,
      );
    figures.push(
      `${what}: taken ${since(change.acceptedAt)} (${change.attempts.length} tries: ${tries}); ` +
        `platform ${reachedAt === undefined ? 'never' : since(reachedAt)}; email ${mailAt === undefined ? 'never' : since(mailAt)}`,
    );
  }
  return {
    name: '5. merchant changes during outages arrive',
    pass: violations.length === 0,
    figures: figures.length ? figures : ['no merchant change made (no faults)'],
    violations,
  };
}
