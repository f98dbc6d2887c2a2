/**
 * Assign products: one item per variant with the template's values copied on, then the `assign` rule
 * (which may switch backorder on straight away) and a platform write handing inventory to the app.
 * A product whose inventory the store does not track is refused (the app never changes tracking).
 * Reading the catalog is the one platform call here, and it is a read; all writes go through the outbox.
 */
import type { AppConfig } from '../config/app-config';
import { NOT_TRACKED_WORDS } from '../contract/unassign';
import { MustFixError } from '../errors';
import { upsertAssignable, type NewItem } from '../db/items.repo';
import { getStore } from '../db/stores.repo';
import { createTemplate, getDefaultTemplate, getTemplate, type Template } from '../db/templates.repo';
import type { Actor, ProductId } from '../domain/types';
import type { Platforms } from './platforms';
import type { CatalogProduct } from '../platform/types';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

export interface AssignDeps extends ApplyDeps {
  platforms: Platforms;
  config: AppConfig;
}

/** An assignment the merchant must correct: the field says which input is at fault. */
export class AssignError extends MustFixError {
  constructor(
    readonly reason: 'template_not_found' | 'product_not_found' | 'product_not_tracked' | 'store_not_active',
    message: string,
  ) {
    super('invalid', 'invalid', message, reason === 'template_not_found' ? 'templateId' : 'productIds');
  }
}

export interface AssignResult {
  assigned: Array<{ productId: ProductId; items: number }>;
  alreadyAssigned: string[];
}

export async function assignProducts(
  deps: AssignDeps,
  storeId: number,
  input: { productIds: ProductId[]; templateId?: number; actor: Actor; requestKey: string },
): Promise<AssignResult> {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active')
    throw new AssignError('store_not_active', 'The app is not installed on this store.');
  const template = await templateFor(deps, storeId, input.templateId);
  const products = await deps.platforms.forStore(store).getProducts(input.productIds);
  const missing = input.productIds.filter((id) => !products.some((p) => p.id === id));
  if (missing.length > 0)
    throw new AssignError('product_not_found', `No product with id ${missing.join(', ')} in the catalog.`);
  // The app never changes a product's tracking: one the store does not track has no stock to sell on
  // backorder (its adjustments would turn tracking on). Refused before anything is assigned.
  const untracked = products.filter((p) => p.inventoryTracking === 'none');
  if (untracked.length > 0)
    throw new AssignError('product_not_tracked', NOT_TRACKED_WORDS.refused(untracked.map((p) => p.name)));
  const result: AssignResult = { assigned: [], alreadyAssigned: [] };
  for (const product of products) {
    const toAssign = await upsertAssignable(deps.db, storeId, itemsFor(product, template));
    if (toAssign.length === 0) {
      result.alreadyAssigned.push(product.id);
      continue;
    }
    for (const item of toAssign) {
      await applyEvent(deps, storeId, item.id, {
        type: 'assign',
        key: `assign:${input.requestKey}:${item.id}`,
        actor: input.actor,
      });
    }
    result.assigned.push({ productId: product.id, items: toAssign.length });
  }
  return result;
}

async function templateFor(deps: AssignDeps, storeId: number, templateId?: number): Promise<Template> {
  if (templateId !== undefined) {
    const t = await getTemplate(deps.db, storeId, templateId);
    if (!t) throw new AssignError('template_not_found', `Template ${templateId} does not exist.`);
    return t;
  }
  const existing = await getDefaultTemplate(deps.db, storeId);
  if (existing) return existing;
  // First assignment without any template: the app's defaults become the store's default template.
  const d = deps.config.defaults;
  return createTemplate(deps.db, storeId, {
    ...d.template,
    threshold: d.threshold,
    incomingStock: 0,
    backInStockDate: null,
    isDefault: true,
  });
}

/**
 * A product tracked per variant gives one item per variant; one tracked as a whole (with or without
 * options) gives one item: its stock is one counter on the platform.
 */
function itemsFor(product: CatalogProduct, t: Template): NewItem[] {
  const texts = {
    threshold: t.threshold,
    incomingStock: t.incomingStock,
    backInStockDate: t.backInStockDate,
    status: 'unavailable' as const,
    tracked: false,
    buttonText: t.buttonText,
    productMessage: t.productMessage,
    cartMessage: t.cartMessage,
    packingSlipNote: t.packingSlipNote,
    templateId: t.id,
  };
  if (product.inventoryTracking !== 'variant') {
    const base = product.variants[0];
    return [
      {
        ...texts,
        productId: product.id,
        // A product the catalog lists no variant for stands for itself: its id names its one item.
        variantId: base?.id ?? String(product.id),
        trackBy: 'product',
        sku: product.sku || base?.sku || '',
        name: product.name,
        stock: product.inventoryLevel,
        platformLevel: product.inventoryLevel,
      },
    ];
  }
  return product.variants.map((v) => ({
    ...texts,
    productId: product.id,
    variantId: v.id,
    trackBy: 'variant' as const,
    sku: v.sku || product.sku,
    name: v.label ? `${product.name} — ${v.label}` : product.name,
    stock: v.inventoryLevel,
    platformLevel: v.inventoryLevel,
  }));
}
