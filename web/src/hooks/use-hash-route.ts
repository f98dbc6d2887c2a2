/** Hash routing (`#/products?status=backorder`): no router dependency, works inside the iframe. */
import { useCallback, useEffect, useState } from 'react';

export const PAGES = [
  'overview',
  'settings',
  'templates',
  'assign',
  'products',
  'import',
  'activity',
] as const;
export type PageId = (typeof PAGES)[number];

export interface Route {
  page: PageId;
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageId) : 'overview';
  return { page, params: new URLSearchParams(search) };
}

export function hrefOf(page: PageId, params?: Record<string, string>): string {
  const q = params ? new URLSearchParams(params).toString() : '';
  return `#/${page}${q ? `?${q}` : ''}`;
}

/**
 * The admin's page for a deep link the platform launched it with (DEEP_LINKS in the contract: links
 * in the owner's emails), as a hash; undefined for a path the admin has no page for.
 */
export function hashOfDeepLink(path: string): string | undefined {
  const item = /^\/items\/(\d+)$/.exec(path);
  if (item) return hrefOf('products', { item: item[1]! });
  if (path === '/items') return hrefOf('products');
  return undefined;
}

/**
 * Opens the page the launch's deep link names (`<meta name="backorder-deep-link">`, set by the load
 * callback), unless the frame already shows a page of its own (a reload keeps where the user went).
 */
export function openDeepLink(doc: Document, win: Pick<Window, 'location' | 'history'>): void {
  const path = doc.querySelector<HTMLMetaElement>('meta[name="backorder-deep-link"]')?.content;
  const hash = path && !win.location.hash ? hashOfDeepLink(path) : undefined;
  if (hash) win.history.replaceState(null, '', hash);
}

export function useHashRoute(): [Route, (page: PageId, params?: Record<string, string>) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const go = useCallback((page: PageId, params?: Record<string, string>) => {
    window.location.hash = hrefOf(page, params);
  }, []);
  return [route, go];
}
