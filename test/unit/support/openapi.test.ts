import { loadBigCommerceSpecs, validateExchange, type Exchange } from '../../support/openapi';

const specs = loadBigCommerceSpecs();
const STORE = '/stores/abc123';

function check(ex: Partial<Exchange> & Pick<Exchange, 'method' | 'path'>) {
  return validateExchange(specs, { status: 200, ...ex, path: STORE + ex.path });
}

const product = {
  id: 111,
  name: 'Ethiopia Yirgacheffe 250 g',
  type: 'physical',
  sku: 'ETH-250',
  price: 14.5,
  inventory_level: 5,
  inventory_tracking: 'product',
  availability: 'available',
  availability_description: '',
  date_modified: '2026-03-02T10:15:00+00:00',
  variants: [
    {
      id: 201,
      product_id: 111,
      sku: 'ETH-250',
      inventory_level: 5,
      purchasing_disabled: false,
      option_values: [],
    },
  ],
};
const pagination = {
  total: 1,
  count: 1,
  per_page: 50,
  current_page: 1,
  total_pages: 1,
  links: { current: '?page=1' },
};

describe('validateExchange against the BigCommerce OpenAPI files', () => {
  it('accepts a products page with data and meta.pagination', () => {
    const findings = check({
      method: 'GET',
      path: '/v3/catalog/products',
      query: { include: 'variants', 'id:in': '111,112', limit: '250', keyword: 'coffee', whatever: 'x' },
      responseBody: { data: [product], meta: { pagination } },
    });
    expect(findings).toEqual([]);
  });

  it('names the JSON pointer of a response field with the wrong type', () => {
    const findings = check({
      method: 'GET',
      path: '/v3/catalog/products',
      responseBody: { data: [{ ...product, inventory_level: '5' }], meta: { pagination } },
    });
    expect(findings).toEqual([
      { where: 'response', message: 'response 200 /data/0/inventory_level: must be integer' },
    ]);
  });

  it('rejects a batch product update with an unknown availability', () => {
    const findings = check({
      method: 'PUT',
      path: '/v3/catalog/products',
      requestBody: [
        { id: 111, inventory_tracking: 'product', inventory_level: 3, availability: 'available' },
        { id: 112, inventory_tracking: 'product', inventory_level: 0, availability: 'backorder' },
      ],
      responseBody: { data: [product], meta: {} },
    });
    expect(findings).toEqual([
      {
        where: 'request',
        message:
          'request body /1/availability: must be equal to one of the allowed values: available, disabled, preorder',
      },
    ]);
  });

  it('reports a route or a method the spec does not document', () => {
    expect(check({ method: 'GET', path: '/v3/catalog/brands' })).toEqual([
      { where: 'route', message: 'GET /v3/catalog/brands is not a documented operation' },
    ]);
    expect(check({ method: 'PATCH', path: '/v3/hooks/7' })).toEqual([
      {
        where: 'route',
        message: 'PATCH /v3/hooks/7 is not a documented operation (documented methods: GET, PUT, DELETE)',
      },
    ]);
  });

  it('accepts a v2 order and its lines (orders.v2.oas2, which is OpenAPI 3.0 despite its name)', () => {
    const order = {
      id: 100,
      customer_id: 0,
      date_created: 'Tue, 03 Mar 2026 09:30:00 +0000',
      status_id: 11,
      status: 'Awaiting Fulfillment',
      total_inc_tax: '14.5000',
      items_total: 1,
      billing_address: { first_name: 'Ada', zip: '10115', email: 'c@example.com', country_iso2: 'DE' },
      products: {
        url: 'https://api.bigcommerce.com/stores/abc123/v2/orders/100/products',
        resource: '/orders/100/products',
      },
    };
    expect(check({ method: 'GET', path: '/v2/orders/100', responseBody: order })).toEqual([]);
    expect(
      check({
        method: 'GET',
        path: '/v2/orders/100/products',
        responseBody: [
          { id: 1, order_id: 100, product_id: 111, variant_id: 201, sku: 'ETH-250', quantity: 1 },
        ],
      }),
    ).toEqual([]);
    expect(
      check({ method: 'GET', path: '/v2/orders/100', responseBody: { ...order, status_id: '11' } }),
    ).toEqual([{ where: 'response', message: 'response 200 /status_id: must be integer' }]);
  });

  it('rejects a webhook subscription without a destination', () => {
    const findings = check({
      method: 'POST',
      path: '/v3/hooks',
      requestBody: { scope: 'store/order/created', is_active: true, headers: null },
      status: 422,
      responseBody: { status: 422, title: 'destination is required' },
    });
    expect(findings).toEqual([
      { where: 'request', message: "request body: must have required property 'destination'" },
    ]);
  });

  it('accepts a 204 without a body on GET /v2/orders', () => {
    expect(check({ method: 'GET', path: '/v2/orders', query: { page: '2' }, status: 204 })).toEqual([]);
  });

  it('reports a status the operation does not document', () => {
    expect(check({ method: 'GET', path: '/v3/catalog/products', status: 418, responseBody: {} })).toEqual([
      {
        where: 'response',
        message: 'response 418: not documented for GET /v3/catalog/products (documented: 200)',
      },
    ]);
  });

  it('checks the types and enums of declared query and path parameters', () => {
    const findings = check({
      method: 'GET',
      path: '/v2/orders/abc',
      query: { include: 'consignments,gifts', unknown_param: 'fine' },
      responseBody: {},
    });
    expect(findings).toEqual([
      { where: 'request', message: 'request path order_id: must be integer' },
      {
        where: 'request',
        message:
          'request query include/1: must be equal to one of the allowed values: consignments, consignments.line_items, fees',
      },
    ]);
    expect(
      check({ method: 'GET', path: '/v3/hooks', query: { limit: 'lots' }, responseBody: { data: [] } }),
    ).toEqual([{ where: 'request', message: 'request query limit: must be integer' }]);
  });

  it('compiles the schemas of every kept operation', () => {
    for (const op of specs.operations) {
      const path = op.template.replace(/\{[^}]+\}/g, '1');
      expect(() => check({ method: op.method, path, requestBody: {}, responseBody: {} })).not.toThrow();
    }
    expect(specs.operations).toHaveLength(23);
  });
});
