/**
 * StorePlatform for one BigCommerce store. Only the calls the app needs, typed on the way out and
 * mapped to our own shapes on the way in.
 */
import type {
  CatalogPage,
  CatalogProduct,
  CallResult,
  ItemListing,
  LevelAdjustment,
  ListingResult,
  PlatformOrder,
  StoreInfo,
  StorePlatform,
  WebhookSpec,
} from '../types';
import { leftOut, namingRefused, type BatchAnswer } from './batch-answers';
import type { BcHttp } from './http';

export const PRODUCT_BATCH = 10;
export const VARIANT_BATCH = 50;
/** Items in one inventory adjustment (BigCommerce's limit). */
export const ADJUSTMENT_BATCH = 2000;
/** A store's default location; the app keeps stock at one location (multi-location is not built). */
const DEFAULT_LOCATION = 1;

interface BcVariant {
  id: number;
  product_id: number;
  sku: string;
  inventory_level: number;
  purchasing_disabled: boolean;
  option_values?: Array<{ label: string; option_display_name: string }>;
}

interface BcProduct {
  id: number;
  name: string;
  sku: string;
  inventory_tracking: 'none' | 'product' | 'variant';
  inventory_level: number;
  availability: 'available' | 'disabled' | 'preorder';
  availability_description: string;
  variants?: BcVariant[];
}

interface Paged<T> {
  data: T[];
  meta: { pagination: { total: number; current_page: number; total_pages: number } };
}

interface BcHook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers?: Record<string, string> | null;
}

export function bigCommercePlatform(
  http: BcHttp,
  batch = { products: PRODUCT_BATCH, variants: VARIANT_BATCH },
): StorePlatform {
  return {
    // Native backorders (a per-location limit) are in beta and not used yet; see README.
    capabilities: {
      nativeBackorderLimit: false,
      fulfillmentHolds: false,
      orderEdits: false,
      storefrontScript: true,
    },

    async storeInfo(): Promise<StoreInfo> {
      const { body } = await http.request<{
        name: string;
        admin_email: string;
        timezone?: { name?: string };
        country_code?: string;
      }>('GET', '/v2/store');
      return {
        name: body.name,
        adminEmail: body.admin_email,
        timeZone: body.timezone?.name || 'UTC',
        country: (body.country_code ?? '').toUpperCase(),
      };
    },

    async searchCatalog({ keyword, page, limit }): Promise<CatalogPage> {
      const { body } = await http.request<Paged<BcProduct>>('GET', '/v3/catalog/products', {
        query: { include: 'variants', keyword: keyword || undefined, page, limit, sort: 'name' },
      });
      const p = body.meta.pagination;
      return {
        products: body.data.map(toProduct),
        page: p.current_page,
        totalPages: p.total_pages,
        total: p.total,
      };
    },

    async getProducts(productIds) {
      const products: CatalogProduct[] = [];
      for (const ids of chunks(productIds, 50)) {
        const { body } = await http.request<Paged<BcProduct>>('GET', '/v3/catalog/products', {
          query: { 'id:in': ids.join(','), include: 'variants', limit: 250 },
        });
        products.push(...body.data.map(toProduct));
      }
      return products;
    },

    async setListings(items: ItemListing[]): Promise<ListingResult> {
      let calls = 0;
      const failed: ListingResult['failed'] = [];
      const byProduct = items.filter((i) => i.trackBy === 'product');
      const byVariant = items.filter((i) => i.trackBy === 'variant');
      for (const group of chunks(byProduct, batch.products)) {
        const answer = await http.request<BatchAnswer>('PUT', '/v3/catalog/products', {
          body: group.map((i) => ({
            id: Number(i.productId),
            availability: i.purchasable ? 'available' : 'disabled',
            availability_description: i.message.slice(0, 255),
          })),
        });
        failed.push(...leftOut(group, answer, (i) => i.productId));
        calls += 1;
      }
      for (const group of chunks(byVariant, batch.variants)) {
        const answer = await namingRefused(group, () =>
          http.request<BatchAnswer>('PUT', '/v3/catalog/variants', {
            body: group.map((i) => ({
              id: Number(i.variantId),
              purchasing_disabled: !i.purchasable,
              purchasing_disabled_message: i.purchasable ? '' : i.message.slice(0, 255),
            })),
          }),
        );
        failed.push(...leftOut(group, answer, (i) => i.variantId));
        calls += 1;
      }
      return { calls, failed };
    },

    async adjustLevels(items: LevelAdjustment[]): Promise<CallResult> {
      let calls = 0;
      for (const group of chunks(
        items.filter((i) => i.delta !== 0),
        ADJUSTMENT_BATCH,
      )) {
        await http.request('POST', '/v3/inventory/adjustments/relative', {
          body: {
            reason: 'Backorder: backorder room',
            items: group.map((i) => ({
              location_id: DEFAULT_LOCATION,
              ...(i.trackBy === 'variant'
                ? { variant_id: Number(i.variantId) }
                : { product_id: Number(i.productId) }),
              quantity: i.delta,
            })),
          },
        });
        calls += 1;
      }
      return { calls };
    },

    async ensureWebhooks(spec: WebhookSpec) {
      const existing = await listHooks(http);
      for (const scope of spec.scopes) {
        const hook = existing.find((h) => h.scope === scope && h.destination === spec.destination);
        const body = { scope, destination: spec.destination, is_active: true, headers: spec.headers };
        if (!hook) await http.request('POST', '/v3/hooks', { body });
        else
          await http.request('PUT', `/v3/hooks/${hook.id}`, {
            body: { destination: spec.destination, is_active: true, headers: spec.headers },
          });
      }
    },

    async deleteWebhooks(destination) {
      for (const hook of await listHooks(http)) {
        if (hook.destination === destination) await http.request('DELETE', `/v3/hooks/${hook.id}`);
      }
    },

    async getOrder(orderId): Promise<PlatformOrder | null> {
      const order = await http.request<{
        id: number;
        status_id: number;
        date_created: string;
        billing_address?: { email?: string };
      }>('GET', `/v2/orders/${encodeURIComponent(orderId)}`);
      if (order.status === 204 || !order.body) return null;
      const [lines, addresses] = await Promise.all([
        orderLines(http, orderId),
        http.request<Array<{ country_iso2: string }>>('GET', `/v2/orders/${orderId}/shipping_addresses`),
      ]);
      return {
        id: String(order.body.id),
        statusId: order.body.status_id,
        customerEmail: order.body.billing_address?.email ?? '',
        shippingCountry: addresses.body?.[0]?.country_iso2 ?? '',
        placedAt: new Date(order.body.date_created).toISOString(),
        lines: lines.map((l) => ({
          id: String(l.id),
          productId: String(l.product_id),
          variantId: String(l.variant_id),
          sku: l.sku,
          quantity: l.quantity,
        })),
      };
    },

    async installScript({ name, src }) {
      const { body } = await http.request<Paged<{ uuid: string; name: string }>>(
        'GET',
        '/v3/content/scripts',
        { query: { limit: 250 } },
      );
      if (body.data.some((s) => s.name === name)) return;
      await http.request('POST', '/v3/content/scripts', {
        body: {
          name,
          src,
          auto_uninstall: true,
          load_method: 'defer',
          location: 'footer',
          visibility: 'storefront',
          kind: 'src',
          consent_category: 'essential',
        },
      });
    },
  };
}

/** Every line of an order: v2 pages them (50 by default, 250 at most; an empty page answers 204). */
async function orderLines(http: BcHttp, orderId: string) {
  type Line = { id: number; product_id: number; variant_id: number; sku: string; quantity: number };
  const lines: Line[] = [];
  for (let page = 1; ; page++) {
    const { body } = await http.request<Line[]>('GET', `/v2/orders/${encodeURIComponent(orderId)}/products`, {
      query: { limit: ORDER_LINES_PAGE, page },
    });
    lines.push(...(body ?? []));
    if (!body || body.length < ORDER_LINES_PAGE) return lines;
  }
}

const ORDER_LINES_PAGE = 250;

async function listHooks(http: BcHttp): Promise<BcHook[]> {
  const hooks: BcHook[] = [];
  for (let page = 1; ; page++) {
    const { body } = await http.request<Paged<BcHook>>('GET', '/v3/hooks', { query: { page, limit: 250 } });
    hooks.push(...body.data);
    if (page >= (body.meta?.pagination?.total_pages ?? 1)) return hooks;
  }
}

function toProduct(p: BcProduct): CatalogProduct {
  return {
    id: String(p.id),
    name: p.name,
    sku: p.sku,
    inventoryTracking: p.inventory_tracking,
    inventoryLevel: p.inventory_level,
    availability: p.availability,
    availabilityDescription: p.availability_description ?? '',
    variants: (p.variants ?? []).map((v) => ({
      id: String(v.id),
      productId: String(v.product_id),
      sku: v.sku,
      label: (v.option_values ?? []).map((o) => `${o.option_display_name}: ${o.label}`).join(' / '),
      inventoryLevel: v.inventory_level,
      purchasingDisabled: v.purchasing_disabled,
    })),
  };
}

export function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
