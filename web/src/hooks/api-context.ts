/** The API client for the component tree, and whether the session has expired. UI-library-free. */
import { createContext, useContext, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi needs an <ApiContext.Provider>');
  return api;
}

/** True once any call answered 401 (or the page carried no token). */
export function useSessionExpired(api: ApiClient): boolean {
  const [expired, setExpired] = useState(api.expired);
  useEffect(() => {
    setExpired(api.expired);
    return api.onExpired(() => setExpired(true));
  }, [api]);
  return expired;
}

/** Renews the session token while the admin is open (mounted); stops when it closes. */
export function useSessionRenewal(api: ApiClient): void {
  useEffect(() => api.keepAlive(), [api]);
}
