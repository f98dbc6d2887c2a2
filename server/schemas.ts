/**
 * The admin API's request schemas (zod at the edge), built from the contract's limits and words
 * (core/contract/admin-api.ts) that the embedded admin's forms check too.
 */
import { z } from 'zod';
import { isRealDate, LIMITS, RULE_WORDS as W } from '../core/contract/admin-api';

export const count = z
  .number()
  .int(W.wholeNumber)
  .min(LIMITS.count.min, W.notNegative)
  .max(LIMITS.count.max, W.atMost(LIMITS.count.max));
export const isoDate = z.string().refine(isRealDate, W.realDate);
export const text = (max: number) => z.string().trim().max(max, W.atMostChars(max));
export const id = z.coerce.number().int().positive();

export const settingsBody = z
  .object({
    switchCondition: z
      .number()
      .int(W.wholeNumber)
      .min(LIMITS.switchCondition.min)
      .max(LIMITS.switchCondition.max),
    defaultTemplateId: id.nullable(),
    ownerEmail: z.email(W.email).nullable(),
    notifyOwner: z.boolean(),
    timeZone: z.string().refine(validZone, W.timeZone),
    autoAssignNewProducts: z.boolean(),
  })
  .partial()
  .strict();

export const templateBody = z
  .object({
    name: text(LIMITS.templateName).min(1, W.required),
    isDefault: z.boolean().default(false),
    storefront: z.object({
      buttonText: text(LIMITS.buttonText).min(1, W.required),
      productMessage: text(LIMITS.productMessage),
      cartMessage: text(LIMITS.cartMessage),
    }),
    stock: z.object({
      threshold: count,
      incomingStock: count.default(0),
      backInStockDate: z.union([isoDate, z.literal('none'), z.null()]).default(null),
    }),
    packingSlip: z.object({ note: text(LIMITS.packingSlipNote) }),
  })
  .strict();

export const itemPatch = z
  .object({
    enabled: z.boolean(),
    threshold: count,
    incomingStock: count,
    backInStockDate: isoDate.nullable(),
    switchAt: z
      .number()
      .int(W.wholeNumber)
      .min(LIMITS.switchCondition.min)
      .max(LIMITS.switchCondition.max)
      .nullable(),
    buttonText: text(LIMITS.buttonText).min(1, W.required),
    productMessage: text(LIMITS.productMessage),
    cartMessage: text(LIMITS.cartMessage),
    packingSlipNote: text(LIMITS.packingSlipNote),
  })
  .partial()
  .strict();

/** A template as the API takes it, as the templates table keeps it. */
export function templateRow(t: z.infer<typeof templateBody>) {
  return {
    name: t.name,
    isDefault: t.isDefault,
    buttonText: t.storefront.buttonText,
    productMessage: t.storefront.productMessage,
    cartMessage: t.storefront.cartMessage,
    threshold: t.stock.threshold,
    incomingStock: t.stock.incomingStock,
    backInStockDate: t.stock.backInStockDate === 'none' ? null : t.stock.backInStockDate,
    packingSlipNote: t.packingSlip.note,
  };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
