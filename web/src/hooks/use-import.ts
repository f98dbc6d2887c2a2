/**
 * The CSV import as a state machine: upload → parsing (progress) → preview (changes, errors) →
 * confirm → applying → applied; or discard. Polls the job while the server works on it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImportJob } from '../api/types';
import { useApi } from './api-context';
import { IMPORT_POLL_MS } from './data';
import { toApiError } from './use-resource';
import type { ApiError } from '../api/client';

const WORKING = new Set(['parsing', 'applying']);
/** Polls that may fail in a row (network, 5xx) before the page says so. */
const POLL_RETRIES = 3;

export function useImport() {
  const api = useApi();
  const [job, setJob] = useState<ImportJob>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  /** The import being followed; null once the page is gone. An answer for any other is dropped. */
  const following = useRef<string | null>(null);
  /** Told the followed import once the server is done with it (or undefined when it is no longer followed). */
  const settled = useRef<((job: ImportJob | undefined) => void) | null>(null);
  /** Polls of the followed import that failed in a row. */
  const missed = useRef(0);
  /**
   * The latest upload or confirm; one that finds it moved on (another started, the page went away)
   * stops where it is, following nothing and leaving `busy` to the newer one.
   */
  const op = useRef(0);
  const settle = (job: ImportJob | undefined) => {
    settled.current?.(job);
    settled.current = null;
  };

  const poll = useCallback(
    async (id: string) => {
      try {
        const next = await api.get<ImportJob>(`/api/imports/${id}`);
        if (following.current !== id) return;
        setJob(next);
        missed.current = 0;
        if (WORKING.has(next.status)) timer.current = setTimeout(() => void poll(id), IMPORT_POLL_MS);
        else settle(next);
      } catch (err) {
        if (following.current !== id) return;
        const problem = toApiError(err);
        // A dropped connection or a busy server is asked again (1.4, 2.8, 5.6 s later): the job goes
        // on regardless, and the page must not say it stopped. Anything else is shown at once.
        missed.current += 1;
        if ((problem.status === 0 || problem.status >= 500) && missed.current <= POLL_RETRIES) {
          timer.current = setTimeout(() => void poll(id), IMPORT_POLL_MS * 2 ** missed.current);
          return;
        }
        setError(problem);
        settle(undefined);
      }
    },
    [api],
  );
  const follow = useCallback((id: string | null) => {
    clearTimeout(timer.current);
    following.current = id;
    missed.current = 0;
    settle(undefined);
  }, []);
  useEffect(
    () => () => {
      op.current++;
      follow(null);
    },
    [follow],
  );

  const upload = useCallback(
    async (file: File) => {
      const mine = ++op.current;
      follow(null);
      setError(undefined);
      setBusy(true);
      try {
        const form = new FormData();
        form.append('file', file, file.name);
        const { id } = await api.upload<{ id: string }>('/api/imports', form);
        if (op.current !== mine) return;
        follow(id);
        setJob({
          id,
          status: 'parsing',
          progress: 0,
          fileName: file.name,
          createdAt: new Date().toISOString(),
        });
        await poll(id);
      } catch (err) {
        if (op.current === mine) setError(toApiError(err));
      } finally {
        if (op.current === mine) setBusy(false);
      }
    },
    [api, poll, follow],
  );

  /**
   * Confirms, then follows the apply to its end. Answers the status it ended in (`applied`, or
   * `preview` when the server gave it back), or undefined when the confirm was refused or the page
   * stopped following: only `applied` means the changes are saved.
   */
  const confirm = useCallback(async (): Promise<ImportJob['status'] | undefined> => {
    if (!job) return undefined;
    const mine = ++op.current;
    setError(undefined);
    setBusy(true);
    try {
      const answer = await api.post<Partial<ImportJob>>(`/api/imports/${job.id}/confirm`);
      if (op.current !== mine) return undefined;
      setJob((j) => (j ? { ...j, ...answer } : j));
      if (!answer.status || !WORKING.has(answer.status)) return answer.status;
      follow(job.id);
      const done = new Promise<ImportJob | undefined>((resolve) => (settled.current = resolve));
      await poll(job.id);
      return (await done)?.status;
    } catch (err) {
      if (op.current === mine) setError(toApiError(err));
      return undefined;
    } finally {
      if (op.current === mine) setBusy(false);
    }
  }, [api, job, poll, follow]);

  const discard = useCallback(async () => {
    if (!job) return false;
    op.current++;
    follow(null);
    setError(undefined);
    try {
      await api.delete(`/api/imports/${job.id}`);
      setJob(undefined);
      return true;
    } catch (err) {
      setError(toApiError(err));
      return false;
    }
  }, [api, job, follow]);

  const reset = useCallback(() => {
    op.current++;
    follow(null);
    setJob(undefined);
    setError(undefined);
  }, [follow]);

  return { job, error, busy, upload, confirm, discard, reset };
}

/** Saves a Blob the API returned (downloads need the token, so no plain link). */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
