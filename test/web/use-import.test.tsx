import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiClient } from '../../web/src/api/client';
import { ApiContext } from '../../web/src/hooks/api-context';
import { useImport } from '../../web/src/hooks/use-import';
import { fakeFetch } from './render';

describe('useImport', () => {
  it('stops following an import when the page goes away', async () => {
    const { impl, calls } = fakeFetch({
      'POST /api/imports': [202, { id: 'imp-1' }],
      'GET /api/imports/imp-1': [200, { id: 'imp-1', status: 'parsing', progress: 10 }],
    });
    // Every answer takes a while, so the page goes away while one is on its way.
    const slow = (async (...args: Parameters<typeof impl>) => {
      const answer = await impl(...args);
      await new Promise((r) => setTimeout(r, 300));
      return answer;
    }) as typeof impl;
    const api = new ApiClient('t', '', slow);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
    );
    const { result, unmount } = renderHook(() => useImport(), { wrapper });
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
