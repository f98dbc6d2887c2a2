/**
 * The admin API client: every call carries the session token from the page (`Authorization: Bearer`);
 * errors become ApiError with the server's code, message and field. A 401 means the short-lived
 * session is gone: listeners are told so the UI can ask the merchant to reopen the app.
 * UI-library-free: a Polaris admin reuses it unchanged.
 */
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

export class ApiClient {
  private expiredListeners = new Set<Listener>();
  expired = false;

  constructor(
    private readonly token: string,
    private readonly baseUrl = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

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

/** The session token the server put in the page (`<meta name="backorder-session">`). */
export function tokenFromPage(doc: Document = document): string {
  return doc.querySelector<HTMLMetaElement>('meta[name="backorder-session"]')?.content ?? '';
}
