/**
 * The backorder rules (DESIGN.md §2) as one pure function: an item, the store's settings, an event
 * and the current time in; the item's next state and the effects to dispatch out. No I/O, no clock.
 */
import { dateReached, isRealDate } from './dates';
import { backordered, canBackorder, computeStatus, quantityFor, switchAtOf } from './status';
import { ASSIGNED_WORDS, madePurchasable, unassigned } from './unassign';
import type {
  Decision,
  DisableReason,
  Effect,
  EnableReason,
  ItemEvent,
  ItemState,
  RuleSettings,
} from './types';

interface Context {
  settings: RuleSettings;
  now: Date;
}

/** An intermediate result: the item so far (status not yet recomputed) and the effects so far. */
interface Step {
  item: ItemState;
  effects: Effect[];
}

type EditEvent = Extract<ItemEvent, { type: 'edit' }>;
type SaleEvent = Extract<ItemEvent, { type: 'sale' }>;

/** The fields whose change the platform must hear about (everything but the event key). */
const STATE_FIELDS = [
  'stock',
  'threshold',
  'switchAt',
  'incomingStock',
  'backInStockDate',
  'enabled',
  'status',
  'tracked',
] as const satisfies readonly (keyof ItemState)[];

const PUSH_STATE: Effect = { type: 'push-state' };

/** Whether anything but the event key differs between two states of an item. */
export function stateChanged(before: ItemState, after: ItemState): boolean {
  return STATE_FIELDS.some((field) => before[field] !== after[field]);
}

function notifyEnabled(reason: EnableReason): Effect {
  return { type: 'notify-owner', kind: 'enabled', reason };
}

function notifyDisabled(reason: DisableReason): Effect {
  return { type: 'notify-owner', kind: 'disabled', reason };
}

function reject(item: ItemState, code: string, message: string): Decision {
  return { item, effects: [], rejected: { code, message } };
}

/** Recomputes the status and adds a push-state when the published state changed. */
function conclude(before: ItemState, step: Step, ctx: Context, alwaysPush = false): Decision {
  const item = { ...step.item, status: computeStatus(step.item, ctx.settings, ctx.now) };
  return {
    item,
    effects: alwaysPush || stateChanged(before, item) ? [...step.effects, PUSH_STATE] : step.effects,
  };
}

/** Why an enabled item must be switched off now, if it must. */
function disableReason(item: ItemState, ctx: Context): DisableReason | null {
  if (!item.enabled) return null;
  if (backordered(item.stock) >= item.threshold) return 'threshold_used_up';
  if (dateReached(item.backInStockDate, ctx.settings.timeZone, ctx.now)) return 'back_in_stock_date';
  return null;
}

/** The rules switch backorder on (only the switch condition does) and email the owner. */
function rulesOn(step: Step): Step {
  return {
    item: { ...step.item, enabled: true, switchedBy: 'rules' },
    effects: [...step.effects, notifyEnabled('switch_condition')],
  };
}

/** The rules switch backorder off (threshold, date, a condition now below stock) and email the owner. */
function rulesOff(step: Step, reason: DisableReason): Step {
  return {
    item: { ...step.item, enabled: false, switchedBy: 'rules' },
    effects: [...step.effects, notifyDisabled(reason)],
  };
}

function applyDisableRules(step: Step, ctx: Context): Step {
  const reason = disableReason(step.item, ctx);
  return reason === null ? step : rulesOff(step, reason);
}

/**
 * Auto-enable on crossing from above the switch condition to at-or-below it, then auto-disable on
 * threshold or date. Enabling requires `canBackorder`, so both can never fire for one event.
 */
function applyAutoRules(prevStock: number, step: Step, ctx: Context): Step {
  const { item } = step;
  const switchAt = switchAtOf(item, ctx.settings);
  const crossedDown = prevStock > switchAt && item.stock <= switchAt;
  if (crossedDown && !item.enabled && canBackorder(item, ctx.settings, ctx.now)) return rulesOn(step);
  return applyDisableRules(step, ctx);
}

/**
 * The switch condition as a level, when it changes (the store's saved, or the item's own edited):
 * at or below it, backorder switches on where the rules allow, unless the merchant switched it off by
 * hand; above it, a switch the rules turned on whose backorder room was open (stored status, read
 * under the old condition) switches off. A switch the merchant turned on stays on: the item sells its
 * units on hand and its room opens again at the condition. Then the threshold and date rules.
 */
function applyLevel(step: Step, ctx: Context): Step {
  const { item } = step;
  const atOrBelow = item.stock <= switchAtOf(item, ctx.settings);
  const mayOn = !item.enabled && item.switchedBy !== 'merchant' && canBackorder(item, ctx.settings, ctx.now);
  if (atOrBelow && mayOn) return rulesOn(step);
  const roomOpenedByRules = item.enabled && item.switchedBy === 'rules' && item.status === 'backorder';
  if (!atOrBelow && roomOpenedByRules) return rulesOff(step, 'switch_condition');
  return applyDisableRules(step, ctx);
}

function onAssign(before: ItemState, keyed: ItemState, ctx: Context): Decision {
  // Assigning an item that is already tracked only re-publishes it: its switch is the merchant's.
  if (before.tracked) return conclude(before, { item: keyed, effects: [] }, ctx, true);
  const tracked = { ...keyed, tracked: true };
  const enabled =
    tracked.stock <= switchAtOf(tracked, ctx.settings) && canBackorder(tracked, ctx.settings, ctx.now);
  const effects = enabled && !before.enabled ? [notifyEnabled('switch_condition')] : [];
  const switchedBy = enabled ? 'rules' : tracked.switchedBy;
  return conclude(before, { item: { ...tracked, enabled, switchedBy }, effects }, ctx, true);
}

function onStockChange(before: ItemState, keyed: ItemState, stock: number, ctx: Context): Decision {
  if (!Number.isInteger(stock)) return reject(before, 'invalid', 'Stock must be a whole number.');
  const step = applyAutoRules(before.stock, { item: { ...keyed, stock }, effects: [] }, ctx);
  return conclude(before, step, ctx);
}

/**
 * A count of physical units on hand. Units already sold on backorder are owed to customers, so they
 * take from the count: `stock = level - backordered(before)`. Then the usual stock-change rules.
 *
 * Repeating the same count under a new key is a no-op only when `level` is 0 or nothing was on
 * backorder: after a count of L with b > 0 backordered, stock is L - b; counting L again reads
 * backordered(L - b) = max(0, b - L), giving L - max(0, b - L), which equals L - b only when L = 0.
 * The item does not remember which owed units a count already covered, so a recount is taken as a
 * new count (e.g. after the owed units shipped, the warehouse counts L - b and stock stays L - b).
 */
function onOnHand(before: ItemState, keyed: ItemState, level: number, ctx: Context): Decision {
  if (!isCount(level)) return reject(before, 'invalid', 'On-hand level must be a whole number of 0 or more.');
  return onStockChange(before, keyed, level - backordered(before.stock), ctx);
}

function onSale(before: ItemState, keyed: ItemState, event: SaleEvent, ctx: Context): Decision {
  const { quantity, orderId } = event;
  if (!Number.isInteger(quantity) || quantity < 1) {
    return reject(before, 'invalid', 'Sale quantity must be a whole number of at least 1.');
  }
  // Only what the platform may sell counts: stock drops by the accepted units, so backorders never
  // pass the threshold; the excess is logged as oversold for the merchant to handle. The room is
  // what the platform was last told (the stored status), so a sale in the minute between a
  // back-in-stock date starting and the sweep is not counted as oversold.
  const accepted = Math.min(quantity, quantityFor(before, before.status));
  const oversold = quantity - accepted;
  const effects: Effect[] =
    oversold > 0 ? [{ type: 'log', entry: 'oversold', data: { orderId, quantity, accepted, oversold } }] : [];
  const sold = { ...keyed, stock: keyed.stock - accepted };
  const decision = conclude(before, applyAutoRules(before.stock, { item: sold, effects }, ctx), ctx);
  // The platform counted the sale itself (it sells from the quantity we published), so a sale only
  // needs a write when the switch or the status moves; rewriting the level could undo a sale the
  // platform took meanwhile.
  const moved = decision.item.enabled !== before.enabled || decision.item.status !== before.status;
  return moved ? decision : { ...decision, effects: decision.effects.filter((e) => e.type !== 'push-state') };
}

function onManualToggle(before: ItemState, keyed: ItemState, enabled: boolean, ctx: Context): Decision {
  if (enabled === before.enabled) return conclude(before, { item: keyed, effects: [] }, ctx);
  if (enabled && backordered(before.stock) >= before.threshold) {
    return reject(
      before,
      'threshold_used_up',
      'The backorder threshold is used up; raise the threshold first.',
    );
  }
  if (enabled && dateReached(before.backInStockDate, ctx.settings.timeZone, ctx.now)) {
    return reject(
      before,
      'back_in_stock_date_passed',
      'The back-in-stock date has been reached; set a later back-in-stock date first.',
    );
  }
  const effect = enabled ? notifyEnabled('manual') : notifyDisabled('manual');
  return conclude(before, { item: { ...keyed, enabled, switchedBy: 'merchant' }, effects: [effect] }, ctx);
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/** A message naming the first invalid field of an edit, or null when the edit is valid. */
function editProblem(event: EditEvent): string | null {
  const { threshold, incomingStock, backInStockDate, switchAt } = event;
  if (threshold !== undefined && !isCount(threshold)) {
    return 'threshold must be a whole number of 0 or more.';
  }
  if (incomingStock !== undefined && !isCount(incomingStock)) {
    return 'incomingStock must be a whole number of 0 or more.';
  }
  if (backInStockDate !== undefined && backInStockDate !== null && !isRealDate(backInStockDate)) {
    return 'backInStockDate must be a real date written YYYY-MM-DD, or empty.';
  }
  if (switchAt !== undefined && switchAt !== null && !Number.isInteger(switchAt)) {
    return 'switchAt must be a whole number, or empty to use the store setting.';
  }
  return null;
}

function withEdits(item: ItemState, event: EditEvent): ItemState {
  const next = { ...item };
  if (event.threshold !== undefined) next.threshold = event.threshold;
  if (event.incomingStock !== undefined) next.incomingStock = event.incomingStock;
  if (event.backInStockDate !== undefined) next.backInStockDate = event.backInStockDate;
  if (event.switchAt !== undefined) next.switchAt = event.switchAt;
  return next;
}

function onEdit(before: ItemState, keyed: ItemState, event: EditEvent, ctx: Context): Decision {
  const problem = editProblem(event);
  if (problem !== null) return reject(before, 'invalid', problem);
  // Stock does not move on an edit, so there is no crossing; a new switch condition of its own
  // applies as a level. Otherwise only the disable rules can fire.
  const step: Step = { item: withEdits(keyed, event), effects: [] };
  const moved = switchAtOf(step.item, ctx.settings) !== switchAtOf(before, ctx.settings);
  return conclude(before, moved ? applyLevel(step, ctx) : applyDisableRules(step, ctx), ctx);
}

function onTick(before: ItemState, keyed: ItemState, ctx: Context): Decision {
  const dateHit = keyed.enabled && dateReached(keyed.backInStockDate, ctx.settings.timeZone, ctx.now);
  const step: Step = { item: keyed, effects: [] };
  return conclude(before, dateHit ? rulesOff(step, 'back_in_stock_date') : step, ctx);
}

/** The store's switch condition changed: a level for the items that follow it, not those with their own. */
function onSwitchCondition(before: ItemState, keyed: ItemState, ctx: Context): Decision {
  const step: Step = { item: keyed, effects: [] };
  const follows = keyed.switchAt === null;
  return conclude(before, follows ? applyLevel(step, ctx) : applyDisableRules(step, ctx), ctx);
}

export function decide(item: ItemState, settings: RuleSettings, event: ItemEvent, now: Date): Decision {
  if (event.key === item.lastEventKey) return { item, effects: [] };
  const ctx: Context = { settings, now };
  const keyed: ItemState = { ...item, lastEventKey: event.key };
  // The app no longer tracks the item: only a new assignment (or making it purchasable) brings it back.
  if (!item.tracked && event.type !== 'assign' && event.type !== 'make-purchasable') {
    return { item: { ...keyed, status: computeStatus(keyed, settings, now) }, effects: [] };
  }
  switch (event.type) {
    case 'assign':
      return onAssign(item, keyed, ctx);
    case 'stock-level':
      return onStockChange(item, keyed, event.level, ctx);
    case 'stock-delta':
      return onStockChange(item, keyed, item.stock + event.delta, ctx);
    case 'on-hand':
      return onOnHand(item, keyed, event.level, ctx);
    case 'sale':
      return onSale(item, keyed, event, ctx);
    case 'manual-toggle':
      return onManualToggle(item, keyed, event.enabled, ctx);
    case 'edit':
      return onEdit(item, keyed, event, ctx);
    case 'tick':
      return onTick(item, keyed, ctx);
    case 'switch-condition':
      return onSwitchCondition(item, keyed, ctx);
    case 'unassign':
      return conclude(item, unassigned(keyed, event.keepInStock === true), ctx, true);
    case 'make-purchasable':
      if (item.tracked) return reject(item, 'assigned', ASSIGNED_WORDS);
      return conclude(item, madePurchasable(keyed), ctx);
  }
}
