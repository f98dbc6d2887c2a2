import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiClient } from '../../web/src/api/client';
import { ApiContext } from '../../web/src/hooks/api-context';
import { useImport } from '../../web/src/hooks/use-import';
import { fakeFetch } from './render';

describe('useImport', () => {
  const preview = { rows: 1, toChange: 1, unchanged: 0, errorCount: 0, errors: [], changes: [] };
  const job = (status: string, extra: Record<string, unknown> = {}) => ({
    id: 'imp-2',
    status,
    progress: status === 'applying' ? 40 : 100,
    fileName: 'stock.csv',
    createdAt: '2026-11-24T00:00:00Z',
    preview,
    ...extra,
  });
  /** The hook on a fake API; answers to URLs `slowFor` picks take 300 ms more. */
  const hookWith = (
    routes: Parameters<typeof fakeFetch>[0],
    slowFor: (url: string) => boolean = () => false,
  ) => {
    const { impl, calls } = fakeFetch(routes);
    const slow = (async (...args: Parameters<typeof impl>) => {
      const answer = await impl(...args);
      if (slowFor(String(args[0]))) await new Promise((r) => setTimeout(r, 300));
      return answer;
    }) as typeof impl;
    const api = new ApiClient('t', '', slow);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
    );
    return { calls, ...renderHook(() => useImport(), { wrapper }) };
  };

  /** Uploads, waits for the preview, confirms: the polls answer `answers` in turn, the first the preview. */
  const confirmWith = async (answers: unknown[]) => {
    const { result } = hookWith({
      'POST /api/imports': [202, { id: 'imp-2' }],
      'GET /api/imports/imp-2': () => [200, answers.shift()],
      'POST /api/imports/imp-2/confirm': [202, { id: 'imp-2', status: 'applying' }],
    });
    await act(() => result.current.upload(new File(['sku,stock\nA,1\n'], 'stock.csv')));
    await waitFor(() => expect(result.current.job?.status).toBe('preview'));
    let outcome: string | undefined;
    await act(async () => {
      outcome = await result.current.confirm();
    });
    return { outcome, job: result.current.job };
  };

  it('says a confirmed import is applied only once the server has applied it', async () => {
    const answers = [
      job('preview'),
      job('applying'),
      job('applying'),
      job('applied', { counts: { changed: 1 } }),
    ];
    const { outcome, job: last } = await confirmWith(answers);
    // Two polls answered `applying` before the third said `applied`.
    expect(answers).toHaveLength(0);
    expect(outcome).toBe('applied');
    expect(last).toMatchObject({ status: 'applied', counts: { changed: 1 } });
  });

  it('keeps following an import through a failed poll, and says so only when they keep failing', async () => {
    const down = [503, { error: { code: 'unavailable', message: 'The database is not reachable.' } }] as [
      number,
      unknown,
    ];
    const answers: Array<[number, unknown]> = [[200, job('parsing')], down, [200, job('preview')]];
    const { result } = hookWith({
      'POST /api/imports': [202, { id: 'imp-2' }],
      'GET /api/imports/imp-2': () => answers.shift() ?? down,
    });
    await act(() => result.current.upload(new File(['sku,stock\nA,1\n'], 'stock.csv')));
    await waitFor(() => expect(result.current.job?.status).toBe('preview'), { timeout: 5000 });
    expect(result.current.error).toBeUndefined();

    // Down for good: after the retries the page is told.
    answers.push([200, job('parsing')]);
    await act(() => result.current.upload(new File(['sku,stock\nA,1\n'], 'stock.csv')));
    await waitFor(() => expect(result.current.error?.code).toBe('unavailable'), { timeout: 15_000 });
  }, 20_000);

  it('answers `preview` when the server gave the apply back, with its reason on the import', async () => {
    const reason = {
      code: 'apply_failed',
      message: 'The changes could not be applied; nothing was changed.',
    };
    const { outcome, job: last } = await confirmWith([
      job('preview'),
      job('applying'),
      job('preview', { error: reason }),
    ]);
    expect(outcome).toBe('preview');
    expect(last).toMatchObject({ status: 'preview', error: reason });
  });

  it('follows nothing, and settles, when the page goes away while a confirm is on its way', async () => {
    const answers = [job('preview')];
    const { calls, result, unmount } = hookWith(
      {
        'POST /api/imports': [202, { id: 'imp-2' }],
        'GET /api/imports/imp-2': () => [200, answers.shift() ?? job('applying')],
        'POST /api/imports/imp-2/confirm': [202, { id: 'imp-2', status: 'applying' }],
      },
      (url) => url.endsWith('/confirm'),
    );
    await act(() => result.current.upload(new File(['sku,stock\nA,1\n'], 'stock.csv')));
    await waitFor(() => expect(result.current.job?.status).toBe('preview'));
    const polls = () => calls.filter((c) => c.method === 'GET').length;
    const confirming = result.current.confirm();
    unmount();
    const before = polls();
    await expect(confirming).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 2000));
    expect(polls()).toBe(before);
  });

  it('stops following an import when the page goes away', async () => {
    // Every answer takes a while, so the page goes away while one is on its way.
    const { calls, result, unmount } = hookWith(
      {
        'POST /api/imports': [202, { id: 'imp-1' }],
        'GET /api/imports/imp-1': [200, { id: 'imp-1', status: 'parsing', progress: 10 }],
      },
      () => true,
    );
    await act(() => result.current.upload(new File(['sku,stock\nA,1\n'], 'stock.csv')));
    const polls = () => calls.filter((c) => c.method === 'GET').length;
    await waitFor(() => expect(polls()).toBeGreaterThanOrEqual(2), { timeout: 3000 });
    unmount();
    const after = polls();
    await new Promise((r) => setTimeout(r, 2000));
    // At most the answer already on its way when the page went; no new polls after it.
    expect(polls()).toBeLessThanOrEqual(after + 1);
  });
});
