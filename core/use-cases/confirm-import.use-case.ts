/**
 * Apply a previewed import: every changed item goes through the same rules (`decide`) as any other
 * change, set-based in ONE transaction (all or nothing): changed items are locked a chunk at a time
 * in id order, their events decided in process, and states, versions and activity-log entries written
 * in bulk. The effects are the import's own: one platform sync for the store (each changed item is
 * dirty until published) and one summary email. Per-item owner emails are not sent for an import: a
 * large file would flood the inbox, so switches turned on or off are counted in the summary instead.
 */
import type { Db } from '../db/client';
import { MustFixError } from '../errors';
import {
  claimForApply,
  failClaim,
  lockClaimed,
  releaseAbandonedApplies,
  releaseClaim,
} from '../db/import-claims.repo';
import {
  insertEvents,
  lockChangedChunk,
  logImport,
  markApplied,
  prepareApply,
  writeImportEffects,
  writeItems,
  type EventWrite,
  type ItemWrite,
  type LockedRow,
} from '../db/import-apply.repo';
import { clearStaged } from '../db/import-staging.repo';
import { getImport, type ImportRow } from '../db/imports.repo';
import { ruleSettings } from '../db/settings.repo';
import { IMPORT_LIMITS } from '../csv/limits';
import { decide, stateChanged } from '../domain/decide';
import type { Actor, Effect, ItemEvent, ItemState, RuleSettings } from '../domain/types';
import type { ApplyDeps } from './apply-item-event.use-case';
import { relayCommitted } from './relay-outbox.use-case';

export type NotConfirmableCode =
  'not_found' | 'import_has_errors' | 'import_not_ready' | 'import_already_applied';

export class ImportNotConfirmable extends MustFixError {
  constructor(
    override readonly code: NotConfirmableCode,
    message: string,
  ) {
    super(code === 'not_found' ? 'not_found' : 'conflict', code, message);
  }
}

export interface ImportCounts {
  /** Items the import changed, and rows of the file that changed nothing. */
  changed: number;
  unchanged: number;
  /** Rows whose `backorder_enabled: yes` the rules refused (threshold used up, date passed). */
  refused: number;
  /** Items whose backorder switch went on / off as a result. */
  enabled: number;
  disabled: number;
}

/**
 * Marks a previewed, error-free import as `applying` (or says why it can't be). The merchant's confirm
 * does only this and queues the apply: a million items take most of a minute, too long for a request.
 * Answers when it was claimed: the import's `updatedAt` while it is applying, which names its apply job.
 */
export async function claimImport(db: Db, storeId: number, importId: string): Promise<Date> {
  const claimed = await claimForApply(db, storeId, importId);
  if (!claimed) throw await whyNot(db, storeId, importId);
  return claimed.updatedAt;
}

/** Reports how far an apply is, 0–100; a report that fails is not the apply's failure. */
export type ApplyProgress = (percent: number) => Promise<unknown>;

/**
 * The apply, run by the import job: all of the claimed import in one transaction, then its effects.
 * A retry after a crash finds the import still `applying` (the transaction rolled back) and does it
 * again; one that finds it applied or released does nothing.
 */
export async function applyClaimedImport(
  deps: ApplyDeps & { batchRows?: number },
  storeId: number,
  importId: string,
  reportProgress: ApplyProgress = async () => undefined,
): Promise<ImportCounts | undefined> {
  const claimed = await getImport(deps.db, storeId, importId);
  if (!claimed || claimed.status !== 'applying') return undefined;
  const report = (percent: number) => reportProgress(percent).catch(() => undefined);
  const applied = await deps.db.transaction(async (tx) =>
    (await lockClaimed(tx, importId)) ? apply(tx, deps, claimed, report) : undefined,
  );
  if (!applied) return undefined;
  if ('failure' in applied && applied.failure) {
    // Nothing was applied; the merchant is told why on the import, and the staged rows go.
    await failClaim(deps.db, importId, applied.failure);
    await clearStaged(deps.db, importId);
    return undefined;
  }
  await report(100);
  await relayCommitted(deps.db, deps.relay, applied.written);
  return applied.counts;
}

/** The apply was not queued: the import goes back to its preview (the confirm answers why). */
export async function abandonApply(db: Db, importId: string): Promise<void> {
  await releaseClaim(db, importId);
}

/**
 * The apply has failed for good: the import goes back to its preview, nothing of it applied, and
 * says so until it is confirmed again.
 */
export async function giveBackApply(db: Db, importId: string, claimedAt?: Date): Promise<void> {
  await releaseClaim(db, importId, APPLY_FAILED, claimedAt);
}

/** The minute sweep's part: applies abandoned by a process that died go back to their previews. */
export async function giveBackAbandonedApplies(db: Db): Promise<string[]> {
  return releaseAbandonedApplies(db, APPLY_FAILED);
}

const APPLY_FAILED = {
  code: 'apply_failed',
  message:
    'The changes could not be applied because of a problem on our side; nothing was changed. Confirm again to retry.',
};

/** Claim and apply in one go (the benchmark, and tests that need no queue). */
export async function confirmImport(
  deps: ApplyDeps & { batchRows?: number },
  storeId: number,
  importId: string,
  reportProgress?: ApplyProgress,
): Promise<ImportCounts> {
  await claimImport(deps.db, storeId, importId);
  try {
    const counts = await applyClaimedImport(deps, storeId, importId, reportProgress);
    if (!counts) throw await whyNot(deps.db, storeId, importId);
    return counts;
  } catch (err) {
    await giveBackApply(deps.db, importId).catch(() => undefined);
    throw err;
  }
}

async function apply(
  tx: Db,
  deps: ApplyDeps & { batchRows?: number },
  imp: ImportRow,
  report: (percent: number) => Promise<unknown>,
) {
  const failure = await prepareApply(tx, imp.storeId, imp.id, imp.totalRows);
  if (failure) return { failure };
  const settings = await ruleSettings(tx, imp.storeId);
  const now = deps.clock();
  const actor: Actor = { kind: 'import', importId: imp.id };
  const counts: ImportCounts = { changed: 0, unchanged: 0, refused: 0, enabled: 0, disabled: 0 };
  let bumped = false;
  let after = 0;
  let done = 0;
  let shown = 0;
  for (;;) {
    const chunk = await lockChangedChunk(tx, imp.storeId, after, deps.batchRows ?? IMPORT_LIMITS.batchRows);
    if (chunk.length === 0) break;
    const writes: ItemWrite[] = [];
    const entries: EventWrite[] = [];
    for (const locked of chunk) {
      const plan = planItem(locked, settings, now, actor, imp.id);
      writes.push(plan.write);
      entries.push(...plan.entries);
      if (plan.write.changed) counts.changed++;
      if (plan.refused) counts.refused++;
      if (plan.write.bump) bumped = true;
      for (const e of plan.notices) counts[e.kind === 'enabled' ? 'enabled' : 'disabled']++;
    }
    await writeItems(tx, imp.storeId, imp.id, writes);
    await insertEvents(tx, imp.storeId, entries);
    after = chunk[chunk.length - 1]!.itemId;
    // Items written so far, of the changes the preview counted; 100 only once it is committed.
    done += chunk.length;
    const percent = Math.min(99, Math.floor((done * 100) / Math.max(imp.changedRows, 1)));
    // Not awaited: a slow Redis must not hold the transaction's item locks (reports keep their order).
    if (percent > shown) void report((shown = percent));
  }
  counts.unchanged = Math.max(0, imp.totalRows - counts.changed);
  const summary = { importId: imp.id, fileName: imp.fileName, ...counts };
  await logImport(tx, imp.storeId, { itemId: null, type: 'import-applied', actor, data: summary });
  const written = await writeImportEffects(tx, imp.storeId, [
    ...(bumped ? [{ type: 'push-state' as const, payload: { importId: imp.id } }] : []),
    { type: 'notify-owner', payload: { kind: 'import-applied', ...summary } },
  ]);
  await markApplied(tx, imp.id, { ...counts }, counts);
  // The staged rows have served; dropped with the commit, so no failure after it can leave them.
  await clearStaged(tx, imp.id);
  return { counts, written };
}

type Notice = Extract<Effect, { type: 'notify-owner' }>;

/**
 * The file's values for one item as events, through `decide`: an edit (threshold, incoming stock,
 * date), then the stock, then the switch. The stock cell is a count on the shelf, applied as an
 * `on-hand` count like a warehouse count from the platform (units owed to customers are paid first),
 * and only when it differs from the item's shelf count: the same count applied again would pay the
 * owed units twice. The switch is only an instruction when the file's value differs from the item's
 * before the import: an exported `no` left as it was must not undo an automatic enable that the new
 * stock triggers.
 */
export function planItem(
  locked: LockedRow,
  settings: RuleSettings,
  now: Date,
  actor: Actor,
  importId: string,
) {
  const { file, itemId } = locked;
  const before = locked.state;
  const key = `import:${importId}:${itemId}`;
  const edit: Extract<ItemEvent, { type: 'edit' }> = { type: 'edit', key: `${key}:edit`, actor };
  if (file.threshold !== null && file.threshold !== before.threshold) edit.threshold = file.threshold;
  if (file.incomingStock !== null && file.incomingStock !== before.incomingStock)
    edit.incomingStock = file.incomingStock;
  const date = file.clearDate ? null : file.backInStockDate;
  if ((file.clearDate || date !== null) && date !== before.backInStockDate) edit.backInStockDate = date;
  const events: ItemEvent[] = [];
  const edited =
    edit.threshold !== undefined || edit.incomingStock !== undefined || edit.backInStockDate !== undefined;
  if (edited) events.push(edit);
  if (file.stock !== null && file.stock !== Math.max(0, before.stock))
    events.push({ type: 'on-hand', key: `${key}:stock`, level: file.stock, actor });
  if (file.enabled !== null && file.enabled !== before.enabled)
    events.push({ type: 'manual-toggle', key: `${key}:switch`, enabled: file.enabled, actor });

  let item: ItemState = before;
  const effects: Effect[] = [];
  let refused: { code: string; message: string } | undefined;
  for (const event of events) {
    const decision = decide(item, settings, event, now);
    if (decision.rejected) {
      refused = decision.rejected;
      continue;
    }
    item = decision.item;
    effects.push(...decision.effects);
  }
  const changed = stateChanged(before, item);
  // The `import` entry of a changed item is written with its state (writeItems); these are the rest.
  const entries: EventWrite[] = [];
  for (const e of effects) {
    if (e.type === 'log') entries.push({ itemId, type: e.entry, actor, data: e.data });
  }
  if (refused) {
    entries.push({
      itemId,
      type: 'import-refused',
      actor,
      data: { importId, row: locked.row, code: refused.code, reason: refused.message },
    });
  }
  return {
    write: {
      id: itemId,
      row: locked.row,
      before,
      state: item,
      bump: effects.some((e) => e.type === 'push-state'),
      changed,
    },
    entries,
    refused,
    notices: effects.filter((e): e is Notice => e.type === 'notify-owner'),
  };
}

async function whyNot(db: Db, storeId: number, importId: string): Promise<ImportNotConfirmable> {
  const current = await getImport(db, storeId, importId);
  if (!current) return new ImportNotConfirmable('not_found', 'Import not found');
  if (current.status === 'applied')
    return new ImportNotConfirmable('import_already_applied', 'This import has already been applied.');
  if (current.status === 'preview' && current.errorCount > 0) {
    return new ImportNotConfirmable(
      'import_has_errors',
      `The file has ${current.errorCount} error${current.errorCount === 1 ? '' : 's'}; nothing was applied. Fix them and upload the file again.`,
    );
  }
  if ((current.status === 'failed' || current.status === 'discarded') && current.failure) {
    return new ImportNotConfirmable('import_not_ready', current.failure.message);
  }
  const state: Record<string, string> = {
    parsing: 'is still being read',
    applying: 'is being applied right now',
    failed: 'could not be read',
    discarded: 'was discarded',
  };
  return new ImportNotConfirmable(
    'import_not_ready',
    `This import ${state[current.status] ?? 'is not ready'}.`,
  );
}
