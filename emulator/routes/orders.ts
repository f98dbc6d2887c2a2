/**
 * `/v2/orders`: the list (204 when nothing matches, as V2 does), one order, its products and shipping
 * addresses, and updates of `status_id`, `staff_notes` and `customer_message`.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { v2Error } from '../errors';
import { formatOrder, formatOrderProduct, formatShippingAddress } from '../order-format';
import { ORDER_STATUSES } from '../orders';
import { queryInt, queryString, readPage, type Query } from '../query';
import type { OrderRecord } from '../types';
import { api, intParam } from './context';

class BadQuery extends Error {}

function dateBound(query: Query, name: string): number | undefined {
  const raw = queryString(query, name);
  if (raw === undefined) return undefined;
  const time = new Date(raw).getTime();
  if (Number.isNaN(time)) throw new BadQuery(`The field '${name}' is invalid.`);
  return time;
}

function filtersOf(query: Query): Array<(o: OrderRecord) => boolean> {
  const filters: Array<(o: OrderRecord) => boolean> = [];
  const minId = queryInt(query, 'min_id');
  if (minId !== undefined) filters.push((o) => o.id >= minId);
  const maxId = queryInt(query, 'max_id');
  if (maxId !== undefined) filters.push((o) => o.id <= maxId);
  const status = queryInt(query, 'status_id');
  if (status !== undefined) filters.push((o) => o.status_id === status);
  const customer = queryInt(query, 'customer_id');
  if (customer !== undefined) filters.push((o) => o.customer_id === customer);
  const email = queryString(query, 'email')?.toLowerCase();
  if (email !== undefined) filters.push((o) => o.billing_address.email.toLowerCase() === email);
  const bounds: Array<[string, 'date_created' | 'date_modified', 1 | -1]> = [
    ['min_date_created', 'date_created', 1],
    ['max_date_created', 'date_created', -1],
    ['min_date_modified', 'date_modified', 1],
    ['max_date_modified', 'date_modified', -1],
  ];
  for (const [name, field, sign] of bounds) {
    const bound = dateBound(query, name);
    if (bound !== undefined) filters.push((o) => (new Date(o[field]).getTime() - bound) * sign >= 0);
  }
  return filters;
}

function sortOrders(orders: OrderRecord[], query: Query): OrderRecord[] {
  const [field = 'id', dir = 'asc'] = (queryString(query, 'sort') ?? 'id').split(':');
  const sign = dir.toLowerCase() === 'desc' ? -1 : 1;
  const key = (o: OrderRecord): number | string =>
    field === 'date_created' || field === 'date_modified'
      ? o[field]
      : field === 'status_id'
        ? o.status_id
        : o.id;
  return [...orders].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x === y ? (a.id - b.id) * sign : (x < y ? -1 : 1) * sign;
  });
}

function list(req: Request, res: Response): void {
  const { store, baseUrl } = api(res);
  const query = req.query as Query;
  let filters: Array<(o: OrderRecord) => boolean>;
  try {
    filters = filtersOf(query);
  } catch (err) {
    if (!(err instanceof BadQuery)) throw err;
    res.status(400).json(v2Error(400, err.message));
    return;
  }
  const { page, limit } = readPage(query, { limit: 50, max: 250 });
  const matching = sortOrders(
    store.orders.filter((o) => filters.every((f) => f(o))),
    query,
  );
  const slice = matching.slice((page - 1) * limit, page * limit);
  if (slice.length === 0) {
    res.status(204).end();
    return;
  }
  res.json(slice.map((o) => formatOrder(o, store.hash, baseUrl)));
}

function findOrder(req: Request, res: Response): OrderRecord | undefined {
  const id = intParam(req, 'order_id');
  const order = id === undefined ? undefined : api(res).store.orderById(id);
  if (!order) res.status(404).json(v2Error(404, 'The requested resource was not found.'));
  return order;
}

function getOne(req: Request, res: Response): void {
  const order = findOrder(req, res);
  if (order) res.json(formatOrder(order, api(res).store.hash, api(res).baseUrl));
}

function products(req: Request, res: Response): void {
  const order = findOrder(req, res);
  if (!order) return;
  const { page, limit } = readPage(req.query as Query, { limit: 50, max: 250 });
  const lines = order.lines.slice((page - 1) * limit, page * limit);
  if (lines.length === 0) res.status(204).end();
  else res.json(lines.map((line) => formatOrderProduct(order, line)));
}

function shippingAddresses(req: Request, res: Response): void {
  const order = findOrder(req, res);
  if (order) res.json([formatShippingAddress(order, api(res).store.hash, api(res).baseUrl)]);
}

const putSchema = z.object({
  status_id: z
    .int()
    .refine((id) => ORDER_STATUSES[id] !== undefined)
    .optional(),
  staff_notes: z.string().max(65535).optional(),
  customer_message: z.string().max(65535).optional(),
});

function update(req: Request, res: Response): void {
  const order = findOrder(req, res);
  if (!order) return;
  const parsed = putSchema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'body');
    res.status(400).json(v2Error(400, `The field '${field}' is invalid.`));
    return;
  }
  const { store, baseUrl } = api(res);
  store.updateOrder(order.id, parsed.data);
  res.json(formatOrder(order, store.hash, baseUrl));
}

export function ordersRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', list);
  router.get('/:order_id', getOne);
  router.put('/:order_id', update);
  router.get('/:order_id/products', products);
  router.get('/:order_id/shipping_addresses', shippingAddresses);
  router.get('/:order_id/shippingaddresses', shippingAddresses);
  return router;
}
