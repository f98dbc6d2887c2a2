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
