/**
 * The admin API client: every call carries the session token from the page (`Authorization: Bearer`);
 * errors become ApiError with the server's code, message and field. While the admin is open,
 * `keepAlive` renews the token before it expires (the server stops extending it at the session's
 * maximum age). A 401 means the session is gone: listeners are told so the UI can ask the merchant
 * to reopen the app. UI-library-free: a Polaris admin reuses it unchanged.
 */
import type { SessionRenewal } from './types';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired: reopen the app.';

type Listener = () => void;

export interface RequestOptions {
  body?: unknown;
  /** A raw body (CSV text, FormData) sent as is. */
  raw?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
}

/** A renewal is due once this share of the token's remaining life has passed. */
const RENEW_AT_SHARE = 0.75;
/** After a renewal that could not reach the server, it is tried again this much later. */
const RENEW_RETRY_MS = 30_000;

export class ApiClient {
  private expiredListeners = new Set<Listener>();
  expired = false;

  constructor(
    private token: string,
    private readonly baseUrl = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /**
   * Renews the session token while the admin is open, each time 3/4 into its remaining life, until
   * the server gives no later expiry (the maximum age) or refuses (a 401 ends the session as any
   * call's does). Returns a function that stops it.
   */
  keepAlive(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = (delayMs: number) => {
      if (!stopped) timer = setTimeout(() => void renew(), Math.max(1000, delayMs));
    };
    const dueIn = () => {
      const exp = expiryOf(this.token);
      return exp === undefined ? undefined : (exp - Date.now()) * RENEW_AT_SHARE;
    };
    const renew = async () => {
      const before = expiryOf(this.token);
      try {
        const renewal = await this.request<SessionRenewal>('POST', '/api/session/renew');
        this.token = renewal.token;
      } catch (err) {
        // Unreachable for a moment: try again while the token lasts. Anything else ends here.
        if (err instanceof ApiError && err.status === 0 && before && before > Date.now() + RENEW_RETRY_MS)
          schedule(RENEW_RETRY_MS);
        return;
      }
      const after = expiryOf(this.token);
      // The same expiry again: the session is at its maximum age and ends then.
      if (before !== undefined && after !== undefined && after > before) schedule(dueIn()!);
    };
    const first = dueIn();
    if (first !== undefined && !this.expired) schedule(first);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }

  onExpired(listener: Listener): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }

  private async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    if (!this.token) {
      this.markExpired();
      throw new ApiError(401, 'unauthorized', SESSION_EXPIRED_MESSAGE);
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      if (options.contentType) headers['Content-Type'] = options.contentType;
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, body, signal: options.signal });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', 'Could not reach Backorder: check your connection and try again.');
    }
    if (res.ok) return res;
    const answer = (await res.json().catch(() => null)) as {
      error?: { code?: string; message?: string; field?: string };
    } | null;
    const error = answer?.error;
    if (res.status === 401) {
      this.markExpired();
      throw new ApiError(401, error?.code ?? 'unauthorized', error?.message ?? SESSION_EXPIRED_MESSAGE);
    }
    throw new ApiError(
      res.status,
      error?.code ?? 'http_' + res.status,
      error?.message ?? `The server answered ${res.status}.`,
      error?.field,
    );
  }

  private markExpired() {
    if (this.expired) return;
    this.expired = true;
    for (const l of this.expiredListeners) l();
  }

  async request<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    const res = await this.send(method, path, options);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get<T>(path: string, signal?: AbortSignal) {
    return this.request<T>('GET', path, { signal });
  }
  post<T>(path: string, body?: unknown) {
    return this.request<T>('POST', path, { body });
  }
  put<T>(path: string, body: unknown) {
    return this.request<T>('PUT', path, { body });
  }
  patch<T>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, { body });
  }
  delete<T = void>(path: string) {
    return this.request<T>('DELETE', path);
  }
  upload<T>(path: string, raw: BodyInit, contentType?: string) {
    return this.request<T>('POST', path, { raw, contentType });
  }
  /** A download that needs the token: fetched as a Blob (the caller makes an object URL). */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path)).blob();
  }
}

export const query = (params: Record<string, string | number | undefined | null>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** A JWT's `exp` in milliseconds, read without checking it (the server does); undefined if none. */
function expiryOf(token: string): number | undefined {
  try {
    const body = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const exp = (JSON.parse(atob(body)) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The session token the server put in the page (`<meta name="backorder-session">`). */
export function tokenFromPage(doc: Document = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="backorder-session"]')?.content ?? '';
}
