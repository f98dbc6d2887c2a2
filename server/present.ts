/** Rows as the admin API shows them (core/contract/admin-api.ts): camelCase, nothing internal. */
import type { ActivityEvent, Item, Settings, Template as TemplateView } from '../core/contract/admin-api';
import type { EventRow } from '../core/db/events.repo';
import { toState, type ItemRow } from '../core/db/items.repo';
import type { StoreSettings } from '../core/db/settings.repo';
import type { Template, TemplateUsage } from '../core/db/templates.repo';
import { backordered, platformQuantity } from '../core/domain/status';
import type { RuleSettings } from '../core/domain/types';

/** An item with its figures labelled: on hand, on backorder (owed) and sellable, never a signed stock alone. */
export function presentItem(row: ItemRow, settings: RuleSettings, now: Date): Item {
  return {
    id: row.id,
    productId: row.productId,
    variantId: row.variantId,
    sku: row.sku,
    name: row.name,
    stock: row.stock,
    onHand: Math.max(0, row.stock),
    threshold: row.threshold,
    backordered: backordered(row.stock),
    sellable: platformQuantity(toState(row), settings, now),
    incomingStock: row.incomingStock,
    backInStockDate: row.backInStockDate,
    enabled: row.enabled,
    status: row.status,
    switchAt: row.switchAt,
    templateId: row.templateId,
    texts: {
      buttonText: row.buttonText,
      productMessage: row.productMessage,
      cartMessage: row.cartMessage,
      packingSlipNote: row.packingSlipNote,
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentSettings(s: StoreSettings): Settings {
  return {
    switchCondition: s.switchCondition,
    defaultTemplateId: s.defaultTemplateId,
    ownerEmail: s.ownerEmail,
    notifyOwner: s.notifyOwner,
    timeZone: s.timeZone,
    autoAssignNewProducts: s.autoAssignNewProducts,
    switchConditionApply: s.switchApply
      ? {
          status: s.switchApply.status,
          from: s.switchApply.from,
          to: s.switchApply.to,
          switchedOn: s.switchApply.switchedOn,
          switchedOff: s.switchApply.switchedOff,
        }
      : null,
  };
}

export function presentTemplate(t: Template, usage?: TemplateUsage): TemplateView {
  return {
    id: t.id,
    name: t.name,
    isDefault: t.isDefault,
    storefront: { buttonText: t.buttonText, productMessage: t.productMessage, cartMessage: t.cartMessage },
    stock: {
      threshold: t.threshold,
      incomingStock: t.incomingStock,
      backInStockDate: t.backInStockDate ?? 'none',
    },
    packingSlip: { note: t.packingSlipNote },
    updatedAt: t.updatedAt.toISOString(),
    usage: usage ?? { products: 0, items: 0 },
  };
}

export function presentEvent(e: EventRow & { itemName: string | null }): ActivityEvent {
  return {
    id: e.id,
    itemId: e.itemId,
    itemName: e.itemName,
    type: e.type,
    actor: e.actor,
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
}
