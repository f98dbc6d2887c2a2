/**
 * What BigCommerce's batch catalog writes answer beyond "done": a refused variant batch names the
 * items at fault (422 `batch_errors`), and a partial success (207) saves only part of a batch. Both
 * key their `errors` by the item's index in the batch sent (`"{index}.{field}"`).
 */
import { PlatformRejectedError, type ItemListing } from '../types';
import { BcRefusal, describeError, type BcResponse } from './http';

/** A batch write's answer: what it saved and, on a partial success (207), what failed. */
export interface BatchAnswer {
  data?: Array<{ id?: number }>;
  errors?: { title?: string; errors?: Record<string, unknown> };
}

/**
 * The entries of a batch's `errors` map that name an item, keyed `"{index}.{field}"` (the index in
 * the batch sent): the item and the reason. `undefined` when a key names no item of the batch.
 */
function namedItems<T>(group: T[], errors: Record<string, unknown> | undefined, title = '') {
  const named: Array<{ item: T; reason: string }> = [];
  for (const [key, message] of Object.entries(errors ?? {})) {
    const index = /^(\d+)(\.|$)/.exec(key)?.[1];
    const item = index === undefined ? undefined : group[Number(index)];
    if (item === undefined) return undefined;
    named.push({ item, reason: [title, String(message)].filter(Boolean).join(': ') });
  }
  return named;
}

/**
 * A variant batch refused (422 `batch_errors`): refused again naming the items each batch error
 * points at, so the caller can tell a variant deleted on the platform from the rest of the batch.
 */
export async function namingRefused<T extends ItemListing>(
  group: T[],
  call: () => Promise<BcResponse<BatchAnswer>>,
): Promise<BcResponse<BatchAnswer>> {
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof BcRefusal)) throw err;
    const batchErrors = (err.body as { batch_errors?: unknown } | undefined)?.batch_errors;
    if (!Array.isArray(batchErrors)) throw err;
    const rejected = batchErrors.flatMap((e: { title?: string; errors?: Record<string, unknown> }) =>
      (namedItems(group, e?.errors, e?.title) ?? []).map(({ item, reason }) => ({
        productId: item.productId,
        variantId: item.variantId,
        reason,
      })),
    );
    throw new PlatformRejectedError(err.message, err.status, { rejected });
  }
}

/**
 * The listings a partial success (207) did not confirm: those its `errors` name, and those missing from
 * the `data` it saved. A 207 whose errors name nothing the app can place leaves the whole batch
 * unconfirmed (writing a listing again is harmless).
 */
export function leftOut<T extends ItemListing>(
  group: T[],
  answer: BcResponse<BatchAnswer>,
  idOf: (item: T) => string,
): Array<{ listing: T; reason: string }> {
  if (answer.status !== 207) return [];
  const summary = `BigCommerce answered 207: ${describeError(answer.body?.errors) || 'partial success'}`;
  const named = namedItems(group, answer.body?.errors?.errors, answer.body?.errors?.title);
  if (!named) return group.map((listing) => ({ listing, reason: summary }));
  const saved = new Set((answer.body?.data ?? []).map((d) => String(d.id)));
  return group.flatMap((listing) => {
    const reasons = named.filter((n) => n.item === listing).map((n) => n.reason);
    if (reasons.length > 0) return [{ listing, reason: reasons.join('; ') }];
    return saved.has(idOf(listing)) ? [] : [{ listing, reason: summary }];
  });
}
