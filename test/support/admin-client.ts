/** The admin API as the embedded app calls it: JSON with the session token. */
export function adminClient(appUrl: string, token: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${appUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Record<string, any>) : {},
      headers: res.headers,
    };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
    put: (path: string, body: unknown) => call('PUT', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

export const template = (overrides: Record<string, unknown> = {}) => ({
  name: 'Standard',
  isDefault: true,
  storefront: {
    buttonText: 'Pre-order now',
    productMessage: 'Ships in 2 weeks',
    cartMessage: 'Backordered item',
  },
  stock: { threshold: 3, incomingStock: 0, backInStockDate: 'none' },
  packingSlip: { note: 'Ships separately' },
  ...overrides,
});
