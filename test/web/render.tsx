/** Renders a component inside the admin's providers (BigDesign theme, API client). */
import { theme } from '@bigcommerce/big-design-theme';
import { render, screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ThemeProvider } from 'styled-components';
import { ApiClient } from '../../web/src/api/client';
import { alertsManager } from '../../web/src/bigdesign/alerts';
import { Toasts } from '../../web/src/bigdesign/components/Toasts';
import { ApiContext } from '../../web/src/hooks/api-context';

export function renderWithProviders(ui: ReactElement, api = new ApiClient('token')) {
  alertsManager.clear(); // one manager per page: a toast left by an earlier test would hide the next
  return render(
    <ThemeProvider theme={theme}>
      <ApiContext.Provider value={api}>{ui}</ApiContext.Provider>
      <Toasts />
    </ThemeProvider>,
  );
}

/** A fetch that answers from a table of `METHOD path` → [status, body], and records the calls. */
export function fakeFetch(
  routes: Record<string, [number, unknown] | ((body: unknown) => [number, unknown])>,
) {
  const calls: Array<{ method: string; path: string; body: unknown; headers: Record<string, string> }> = [];
  const impl = (async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    calls.push({ method, path: url, body, headers: (init.headers ?? {}) as Record<string, string> });
    const key = `${method} ${url.split('?')[0]}`;
    const route = routes[key];
    if (!route) return response(404, { error: { code: 'not_found', message: key } });
    const [status, answer] = typeof route === 'function' ? route(body) : route;
    return response(status, status === 204 ? undefined : answer);
  }) as unknown as typeof fetch;
  return { impl, calls };
}

/** jsdom has no fetch Response: the part of it the client reads. */
function response(status: number, body: unknown) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    text: async () => text,
    json: async () => JSON.parse(text),
    blob: async () => new Blob([text]),
  };
}

/** The sentence under the field labelled `label` (in its group, not in the form's button bar). */
export function errorAtField(label: RegExp | string, sentence: string): HTMLElement | null {
  const bar = screen.queryByTestId('form-actions');
  let el: HTMLElement | null = screen.getByLabelText(label);
  while (el && !(bar && el.contains(bar))) {
    const found = within(el).queryByText(sentence);
    if (found) return found;
    el = el.parentElement;
  }
  return null;
}

/** What the form says at its Save button after a Save that did not save. */
export const saveProblems = () => within(screen.getByTestId('form-actions')).queryByRole('alert');
