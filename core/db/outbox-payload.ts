/**
 * What an outbox row's `payload` holds (schema.ts types the column with it), by the effect that wrote
 * it. These are the shapes rows are stored in: a change here must still read the rows already written.
 */
import type { ItemFigures } from '../contract/admin-api';
import type { DisableReason, EnableReason } from '../domain/types';

/** An item as a notice describes it: as it was when the rule fired, not when the mail goes out. */
export type ItemSnapshot = ItemFigures;

/**
 * Backorder switched on or off for an item (written by `applyItemEvent`), or a product unassigned
 * (written by `unassignProduct`, one row for all its variants).
 */
export interface ItemNoticePayload {
  type: 'notify-owner';
  kind: 'enabled' | 'disabled' | 'unassigned';
  reason: EnableReason | DisableReason;
  /** The item the email is about (an unassigned product's first variant). */
  item: ItemSnapshot;
  /**
   * An unassignment's every variant, the rows of its CSV. Rows written before unassignments were one
   * row each have only `item`.
   */
  items?: Array<ItemSnapshot & UnassignedAs>;
  /** How an unassigned single item was left (rows with `items` say it per variant). */
  keptPurchasable?: boolean;
}

/** Unassigned and left purchasable (absent in rows written before the choice existed: disabled). */
export interface UnassignedAs {
  keptPurchasable?: boolean;
}

/** The one summary email of an applied import (written by `writeImportEffects`). */
export interface ImportNoticePayload {
  kind: 'import-applied';
  importId: string;
  fileName: string;
  changed: number;
  unchanged: number;
  refused: number;
  enabled: number;
  disabled: number;
}

/** The one summary email of a changed switch condition, once applied (`applySwitchCondition`). */
export interface SwitchConditionNoticePayload {
  kind: 'switch-condition-applied';
  from: number;
  to: number;
  switchedOn: number;
  switchedOff: number;
}

/** The payload of a `notify-owner` row: one email to the store owner. */
export type NoticePayload = ItemNoticePayload | ImportNoticePayload | SwitchConditionNoticePayload;

/**
 * The payload of a `push-state` row. The relay reads only the row's type; the payload records the
 * cause: a rule (with the item, like a notice), changed item texts (`updateItemTexts`), or an import.
 */
export type PushStatePayload = { type: 'push-state'; item?: ItemSnapshot } | { importId: string };

export type OutboxPayload = NoticePayload | PushStatePayload;
