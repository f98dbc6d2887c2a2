/**
 * An action's busy state, and the "are you sure?" that comes before a destructive one. No UI library:
 * each admin says a failure its own way (BigDesign: a toast) through `report`.
 */
import { useCallback, useState } from 'react';

/** Tells the merchant an action failed: the error, and what could not be done ("Could not …"). */
export type ReportFailure = (err: unknown, failure: string) => void;

/**
 * `run(key, failure, action)`: `running` is `key` until the action settles (the item being switched,
 * or `true` for a button's one action); a throw is handed to `report` with `failure`, not rethrown.
 */
export function useBusy<K = true>(report: ReportFailure) {
  const [running, setRunning] = useState<K>();
  const run = useCallback(
    async (key: K, failure: string, action: () => Promise<unknown>) => {
      setRunning(() => key);
      try {
        await action();
      } catch (err) {
        report(err, failure);
      } finally {
        setRunning(undefined);
      }
    },
    [report],
  );
  return { running, busy: running !== undefined, run };
}

export interface Confirmation<T> {
  /** What the question is about while it is asked; null when it is not. */
  target: T | null;
  /** The action is on its way (the dialog stays open until it settles). */
  busy: boolean;
  ask: (target: T) => void;
  cancel: () => void;
  /** Runs the action on the target, then closes the question whatever the outcome. */
  confirm: () => Promise<void>;
}

/** A destructive action that waits for the merchant's yes (unassign, delete, re-apply). */
export function useConfirm<T>(
  report: ReportFailure,
  failure: string,
  action: (target: T) => Promise<void>,
): Confirmation<T> {
  const [target, setTarget] = useState<T | null>(null);
  const { busy, run } = useBusy(report);
  const confirm = async () => {
    if (!target) return;
    await run(true, failure, () => action(target));
    setTarget(null);
  };
  return { target, busy, ask: setTarget, cancel: () => setTarget(null), confirm };
}
