/** The admin API's shapes, as server/admin.routes.ts and present.ts answer them. */
export type ItemStatus = 'in_stock' | 'backorder' | 'unavailable';

export interface Session {
  store: { name: string; platform: string; platformId: string; timeZone: string };
  user: { id: string; email: string };
}

export interface Settings {
  switchCondition: number;
  defaultTemplateId: number | null;
  ownerEmail: string | null;
  notifyOwner: boolean;
  timeZone: string;
  autoAssignNewProducts: boolean;
}

export interface StorefrontTexts {
  buttonText: string;
  productMessage: string;
  cartMessage: string;
}

export interface TemplateInput {
  name: string;
  isDefault: boolean;
  storefront: StorefrontTexts;
  stock: { threshold: number; incomingStock: number; backInStockDate: string | 'none' | null };
  packingSlip: { note: string };
}

export interface Template extends TemplateInput {
  id: number;
  updatedAt: string;
}

export interface CatalogVariant {
  id: string;
  productId: string;
  sku: string;
  label: string;
  inventoryLevel: number;
  purchasingDisabled: boolean;
}

export interface CatalogProduct {
  id: string;
  name: string;
  sku: string;
  inventoryTracking: 'none' | 'product' | 'variant';
  inventoryLevel: number;
  availability: string;
  variants: CatalogVariant[];
  assigned: boolean;
}

export interface CatalogPage {
  products: CatalogProduct[];
  page: number;
  totalPages: number;
  total: number;
}

export interface Item {
  id: number;
  productId: string;
  variantId: string;
  sku: string;
  name: string;
  stock: number;
  threshold: number;
  backordered: number;
  incomingStock: number;
  backInStockDate: string | null;
  enabled: boolean;
  status: ItemStatus;
  switchAt: number | null;
  templateId: number | null;
  texts?: StorefrontTexts & { packingSlipNote: string };
  updatedAt: string;
}

export interface ItemPage {
  items: Item[];
  total: number;
  page: number;
  limit: number;
}

export type ItemSort = 'name' | 'sku' | 'stock' | 'status' | 'backInStockDate' | 'id';

export interface ItemQuery {
  status?: ItemStatus;
  q?: string;
  page: number;
  limit: number;
  sort: ItemSort;
  direction: 'asc' | 'desc';
}

export interface ItemPatch {
  enabled?: boolean;
  threshold?: number;
  incomingStock?: number;
  backInStockDate?: string | null;
  buttonText?: string;
  productMessage?: string;
  cartMessage?: string;
  packingSlipNote?: string;
}

export interface ActivityEvent {
  id: number;
  itemId: number | null;
  /** The item's name now (null for store-wide entries). */
  itemName: string | null;
  type: string;
  actor: { kind?: string; email?: string; [key: string]: unknown };
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Overview {
  counts: Record<ItemStatus, number> & { total: number };
  nearestThreshold: Array<Pick<Item, 'id' | 'name' | 'sku' | 'backordered' | 'threshold' | 'status'>>;
  nextBackInStock: Array<Pick<Item, 'id' | 'name' | 'sku' | 'backInStockDate' | 'status'>>;
  backorderedByDay: Array<{ date: string; units: number }>;
  setup: { settingsSaved: boolean; templates: number; assigned: number; imported: boolean };
}

export type ImportStatus = 'parsing' | 'preview' | 'applying' | 'applied' | 'failed' | 'discarded';

export interface ImportJob {
  id: string | number;
  status: ImportStatus;
  progress: number;
  fileName: string;
  createdAt: string;
  preview?: {
    rows: number;
    toChange: number;
    unchanged: number;
    errorCount: number;
    /** Rows with one or more errors. */
    errorRows: number;
    errors: Array<{ row: number; column: string; value: string; reason: string }>;
    changes: Array<{
      row: number;
      sku: string;
      itemId: number;
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }>;
  };
  counts?: Record<string, number>;
  error?: string | { code?: string; message?: string };
}
