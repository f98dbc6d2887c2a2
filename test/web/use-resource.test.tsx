import { act, renderHook, waitFor } from '@testing-library/react';
import { useResource } from '../../web/src/hooks/use-resource';

const later = <T,>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('useResource', () => {
  it('keeps showing fresh data when the API answers slower than the poll interval', async () => {
    let calls = 0;
    const { result } = renderHook(() => useResource(() => later(++calls, 120), [], { pollMs: 30 }));
    // Each answer arrives; ticks while one is on its way are skipped instead of superseding it.
    await waitFor(() => expect(result.current.data).toBeGreaterThanOrEqual(2), { timeout: 2000 });
    expect(calls).toBeLessThanOrEqual(result.current.data! + 1);
  });

  it('keeps a local change over an answer that was read before it', async () => {
    let answer = 'server: off';
    const { result } = renderHook(() => useResource(() => later(answer, 80), []));
    await waitFor(() => expect(result.current.data).toBe('server: off'));
    let reloading!: Promise<void>;
    act(() => {
      reloading = result.current.reload(); // a poll already on its way, reading "off"
    });
    act(() => result.current.setData(() => 'local: on')); // the merchant switched it on meanwhile
    answer = 'server: on';
    await act(() => reloading);
    expect(result.current.data).toBe('local: on');
    expect(result.current.loading).toBe(false);
  });
});
