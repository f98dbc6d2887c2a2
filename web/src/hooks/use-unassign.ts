/**
 * Unassigning a product, as the merchant decides it: the variants it touches with their units on hand
 * and on backorder, what will happen to each under the choice made (purchase disabled by default, or
 * in-stock variants kept purchasable), and the variants unassigning left disabled, which can be made
 * purchasable again. Data and words only: each admin lays them out.
 */
import { useCallback, useState } from 'react';
import { query } from '../api/client';
import {
  unassignOutcome,
  type CatalogProduct,
  type DisabledVariantPage,
  type UnassignPreview,
  type UnassignResult,
  type UnassignVariant,
} from '../api/types';
import { useApi } from './api-context';
import { useBusy, type ReportFailure } from './use-busy';
import { useResource } from './use-resource';

const units = (n: number) => `${n} unit${n === 1 ? '' : 's'}`;

export const UNASSIGN_WORDS = {
  title: (name: string) => `Unassign “${name}”?`,
  intro:
    'Backorder stops for this product: its backorder room is taken away and its storefront texts are removed. ' +
    'Units already sold on backorder stay recorded, and you get its stock data by email.',
  keepLabel: 'Keep in-stock variants purchasable with their shelf count',
  keepHelp:
    'Safe: Backorder never turns off your store’s inventory tracking, so a variant kept purchasable ' +
    'sells only the units on the shelf, then stops. Variants with units on backorder are disabled either way.',
  defaultHelp:
    'By default purchase is disabled on every variant, so your stock count and what customers are owed ' +
    'cannot drift apart while you take over. You can make a variant purchasable again from this page.',
  columns: { onHand: 'On hand', onBackorder: 'On backorder', outcome: 'After unassigning' },
  done: (name: string, r: UnassignResult) =>
    r.keptPurchasable === 0
      ? `“${name}” unassigned: purchase disabled on ${r.purchaseDisabled === 1 ? 'it' : `all ${r.purchaseDisabled} variants`}.`
      : `“${name}” unassigned: ${r.keptPurchasable} kept purchasable, purchase disabled on ${r.purchaseDisabled}.`,
} as const;

/** What unassigning will do to one variant under the merchant's choice, in words. */
export function outcomeText(v: UnassignVariant, keepInStock: boolean): string {
  if (unassignOutcome(v, { keepInStock }) === 'purchasable')
    return `Stays purchasable: sells its ${units(v.onHand)} on hand`;
  if (v.onBackorder > 0) return `Purchase disabled: ${units(v.onBackorder)} owed to customers`;
  return 'Purchase disabled';
}

/**
 * The unassign question: `ask(product)` opens it and loads its variants; `confirm()` unassigns with the
 * choice made, then `onDone` (reload the lists) and closes it. A failure goes to `report`.
 */
export function useUnassign(report: ReportFailure, onDone: (message: string) => Promise<void> | void) {
  const api = useApi();
  const [target, setTarget] = useState<CatalogProduct | null>(null);
  const [keepInStock, setKeepInStock] = useState(false);
  const preview = useResource(
    () => api.get<UnassignPreview>(`/api/assignments/${encodeURIComponent(target?.id ?? '')}`),
    [api, target?.id],
    { enabled: target !== null },
  );
  const { busy, run } = useBusy(report);
  const ask = useCallback((product: CatalogProduct) => {
    setKeepInStock(false);
    setTarget(product);
  }, []);
  const cancel = useCallback(() => setTarget(null), []);
  const confirm = async () => {
    if (!target) return;
    await run(true, `Could not unassign “${target.name}”`, async () => {
      const result = await api.delete<UnassignResult>(
        `/api/assignments/${encodeURIComponent(target.id)}${query({ keepInStock: String(keepInStock) })}`,
      );
      await onDone(UNASSIGN_WORDS.done(target.name, result));
    });
    setTarget(null);
  };
  const variants = target && preview.data?.productId === target.id ? preview.data.variants : undefined;
  return {
    target,
    /** The product's variants once loaded, each with what will happen to it. */
    rows: variants?.map((v) => ({ ...v, outcome: outcomeText(v, keepInStock) })),
    error: preview.error,
    retry: preview.reload,
    keepInStock,
    setKeepInStock,
    /** Whether the choice changes anything: some variant has units on hand and none owed. */
    canKeep: variants?.some((v) => unassignOutcome(v, { keepInStock: true }) === 'purchasable') ?? false,
    busy,
    ask,
    cancel,
    confirm,
  };
}

export const DISABLED_WORDS = {
  title: 'Unassigned, purchase disabled',
  description:
    'Unassigning left these variants with purchase disabled. Backorder no longer follows their stock: ' +
    'making one purchasable lets your store sell the units it counts for it (tracking stays on), without backorder.',
  onHand: 'On hand when unassigned',
  onBackorder: 'On backorder when unassigned',
  // Purchase is on again; what sells is the units your store counts for it (none means none yet).
  done: (name: string) =>
    `“${name}” is purchasable again: your store sells the units it counts for it, with no backorder.`,
} as const;

/** The variants unassigning left disabled, a page at a time, and making one purchasable again. */
export function useDisabledVariants(page: number) {
  const api = useApi();
  const res = useResource(
    () => api.get<DisabledVariantPage>(`/api/unassigned${query({ page })}`),
    [api, page],
  );
  const { reload } = res;
  const makePurchasable = useCallback(
    async (id: number) => {
      await api.post(`/api/unassigned/${id}/purchasable`, {});
      await reload();
    },
    [api, reload],
  );
  return { ...res, makePurchasable };
}
