/**
 * Loads one thing from the API and keeps it: data, the last error, loading, reload(). With `pollMs`
 * it reloads on that interval while the page is visible (the Products page sees stock changes that way).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError
    ? err
    : new ApiError(0, 'unexpected', (err as Error)?.message ?? String(err));
}

export function useResource<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: { pollMs?: number; enabled?: boolean } = {},
): Resource<T> {
  const [data, setDataState] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(options.enabled !== false);
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const inFlight = useRef(0);

  // A superseded answer is dropped, not aborted: an aborted fetch is noise in the browser's log, and
  // the answers are small.
  const run = useCallback(async (quiet: boolean) => {
    const mine = ++generation.current;
    if (!quiet) setLoading(true);
    inFlight.current++;
    try {
      const value = await loadRef.current();
      if (mine !== generation.current) return;
      setDataState(value);
      setError(undefined);
    } catch (err) {
      if ((err as Error)?.name === 'AbortError' || mine !== generation.current) return;
      setError(toApiError(err));
    } finally {
      inFlight.current--;
      if (mine === generation.current || inFlight.current === 0) setLoading(false);
    }
  }, []);

  const enabled = options.enabled !== false;
  useEffect(() => {
    if (!enabled) return;
    void run(false);
    return () => {
      generation.current++;
    };
  }, [run, enabled, ...deps]);

  const { pollMs } = options;
  useEffect(() => {
    if (!pollMs || !enabled) return;
    const timer = setInterval(() => {
      // A tick while an answer is still on its way is skipped: on a slow API every answer would
      // otherwise be superseded by the next tick and the page would never update.
      if (inFlight.current > 0) return;
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') void run(true);
    }, pollMs);
    return () => clearInterval(timer);
  }, [pollMs, enabled, run]);

  const reload = useCallback(() => run(true), [run]);
  // A local change (the switch just toggled) supersedes an answer already on its way, which was read
  // before the change and would flip it back until the next poll.
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    generation.current++;
    setDataState(update);
  }, []);
  return { data, error, loading, reload, setData };
}
