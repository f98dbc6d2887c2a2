/**
 * The Assign page as a merchant meets it: an untracked product says why it cannot be assigned; the
 * unassign question lists each variant with its units on hand and on backorder and what will happen
 * to it under the choice made; variants left disabled can be made purchasable again.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../web/src/api/client';
import AssignPage from '../../web/src/bigdesign/pages/AssignPage';
import { describeChange, EVENT_LABEL } from '../../web/src/hooks/describe';
import { fakeFetch, renderWithProviders } from './render';

const template = {
  id: 7,
  name: 'Standard',
  isDefault: true,
  storefront: { buttonText: 'Pre-order', productMessage: '', cartMessage: '' },
  stock: { threshold: 5, incomingStock: 0, backInStockDate: 'none' },
  packingSlip: { note: '' },
  updatedAt: '2026-01-01T00:00:00Z',
};

const variant = (id: string, label: string, level: number) => ({
  id,
  productId: '12',
  sku: `COF-COL-HUI-${label}`,
  label: `Size: ${label}`,
  inventoryLevel: level,
  purchasingDisabled: false,
});

const huila = {
  id: '12',
  name: 'Colombia Huila',
  sku: 'COF-COL-HUI',
  inventoryTracking: 'variant',
  inventoryLevel: 28,
  availability: 'available',
  assigned: true,
  variants: [variant('121', '250G', 18), variant('122', '500G', 3), variant('123', '1KG', 7)],
};

const giftCard = {
  id: '80',
  name: 'Digital Gift Card $50',
  sku: 'ACC-GFT-CRD-50',
  inventoryTracking: 'none',
  inventoryLevel: 0,
  availability: 'available',
  assigned: false,
  variants: [{ ...variant('800', '', 0), productId: '80', sku: 'ACC-GFT-CRD-50', label: '' }],
};

const preview = {
  productId: '12',
  variants: [
    { itemId: 1, name: 'Colombia Huila — Size: 250 g', sku: 'COF-COL-HUI-250G', onHand: 18, onBackorder: 0 },
    { itemId: 2, name: 'Colombia Huila — Size: 500 g', sku: 'COF-COL-HUI-500G', onHand: 0, onBackorder: 2 },
    { itemId: 3, name: 'Colombia Huila — Size: 1 kg', sku: 'COF-COL-HUI-1KG', onHand: 7, onBackorder: 0 },
  ],
};

const catalog = (products: unknown[]) => ({ products, page: 1, totalPages: 1, total: products.length });
const noneDisabled = { items: [], total: 0, page: 1, limit: 50 };

function routes(overrides: Record<string, [number, unknown]> = {}) {
  return fakeFetch({
    'GET /api/catalog': [200, catalog([huila, giftCard])],
    'GET /api/templates': [200, { templates: [template] }],
    'GET /api/unassigned': [200, noneDisabled],
    'GET /api/assignments/12': [200, preview],
    'DELETE /api/assignments/12': [200, { unassigned: 3, keptPurchasable: 2, purchaseDisabled: 1 }],
    ...overrides,
  });
}

/** The variant's row in the dialog: its name, on hand, on backorder and what happens to it. */
const rowOf = (dialog: HTMLElement, size: string) =>
  within(dialog)
    .getAllByRole('row')
    .find((r) => r.textContent?.includes(`Size: ${size}`))!;

describe('the Assign page', () => {
  it('says why a product whose inventory is not tracked cannot be assigned, and keeps it out', async () => {
    const { impl, calls } = routes();
    renderWithProviders(<AssignPage />, new ApiClient('t', '', impl));
    const row = (await screen.findByText('Digital Gift Card $50')).closest('tr')!;
    expect(row).toHaveTextContent('Inventory not tracked');
    expect(row).toHaveTextContent('Always sellable, so it cannot go on backorder');
    expect(row).toHaveTextContent('turn on inventory tracking');
    // Its level of 0 means nothing: it sells without limit, and the page never says "0".
    expect(row).toHaveTextContent('No limit');

    await userEvent.click(within(row).getByRole('checkbox'));
    expect(
      await screen.findByText(/“Digital Gift Card \$50” cannot be assigned: Always sellable/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Assign selected' })).toBeDisabled();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('lists each variant with units on hand and on backorder; by default purchase is disabled on all', async () => {
    const { impl, calls } = routes({
      'DELETE /api/assignments/12': [200, { unassigned: 3, keptPurchasable: 0, purchaseDisabled: 3 }],
    });
    renderWithProviders(<AssignPage />, new ApiClient('t', '', impl));
    await userEvent.click(await screen.findByRole('button', { name: 'Unassign Colombia Huila' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Colombia Huila — Size: 250 g (COF-COL-HUI-250G)');
    for (const header of ['On hand', 'On backorder', 'After unassigning'])
      expect(within(dialog).getByRole('columnheader', { name: header })).toBeInTheDocument();

    const cells = (size: string) =>
      within(rowOf(dialog, size))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells('250 g').slice(1)).toEqual(['18', '0', 'Purchase disabled']);
    expect(cells('500 g').slice(1)).toEqual(['0', '2', 'Purchase disabled: 2 units owed to customers']);
    expect(cells('1 kg').slice(1)).toEqual(['7', '0', 'Purchase disabled']);
    expect(dialog).toHaveTextContent('By default purchase is disabled on every variant');
    expect(within(dialog).getByRole('checkbox')).not.toBeChecked();

    await userEvent.click(within(dialog).getByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(calls.find((c) => c.method === 'DELETE')!.path).toBe('/api/assignments/12?keepInStock=false');
    expect(
      await screen.findByText('“Colombia Huila” unassigned: purchase disabled on all 3 variants.'),
    ).toBeInTheDocument();
  });

  it('keeps in-stock variants purchasable with their shelf count when the merchant chooses so', async () => {
    const { impl, calls } = routes();
    renderWithProviders(<AssignPage />, new ApiClient('t', '', impl));
    await userEvent.click(await screen.findByRole('button', { name: 'Unassign Colombia Huila' }));
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText('Colombia Huila — Size: 250 g (COF-COL-HUI-250G)');

    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: 'Keep in-stock variants purchasable with their shelf count',
      }),
    );
    expect(rowOf(dialog, '250 g')).toHaveTextContent('Stays purchasable: sells its 18 units on hand');
    expect(rowOf(dialog, '1 kg')).toHaveTextContent('Stays purchasable: sells its 7 units on hand');
    expect(rowOf(dialog, '500 g')).toHaveTextContent('Purchase disabled: 2 units owed to customers');
    expect(dialog).toHaveTextContent('Backorder never turns off your store’s inventory tracking');

    await userEvent.click(within(dialog).getByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(calls.find((c) => c.method === 'DELETE')!.path).toBe('/api/assignments/12?keepInStock=true');
    expect(
      await screen.findByText('“Colombia Huila” unassigned: 2 kept purchasable, purchase disabled on 1.'),
    ).toBeInTheDocument();
  });

  it('makes a variant left disabled purchasable again', async () => {
    const disabled = {
      items: [
        {
          id: 2,
          productId: '12',
          variantId: '122',
          name: 'Colombia Huila — Size: 500 g',
          sku: 'COF-COL-HUI-500G',
          onHand: 0,
          onBackorder: 2,
        },
      ],
      total: 1,
      page: 1,
      limit: 50,
    };
    let made = false;
    const { impl, calls } = fakeFetch({
      'GET /api/catalog': [200, catalog([huila])],
      'GET /api/templates': [200, { templates: [template] }],
      'GET /api/unassigned': () => [200, made ? noneDisabled : disabled],
      'POST /api/unassigned/2/purchasable': () => {
        made = true;
        return [200, { id: 2, purchasable: true }];
      },
    });
    renderWithProviders(<AssignPage />, new ApiClient('t', '', impl));
    expect(await screen.findByText('Unassigned, purchase disabled')).toBeInTheDocument();
    const row = screen.getByText('Colombia Huila — Size: 500 g').closest('tr')!;
    expect(row).toHaveTextContent('COF-COL-HUI-500G');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Make Colombia Huila — Size: 500 g purchasable' }),
    );
    expect(
      await screen.findByText(
        '“Colombia Huila — Size: 500 g” is purchasable again: your store sells the units it counts for it, with no backorder.',
      ),
    ).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    await waitFor(() => expect(screen.queryByText('Unassigned, purchase disabled')).not.toBeInTheDocument());
  });
});

describe('the activity log on unassigning', () => {
  const entry = (type: string, from: object, to: object) => ({
    id: 1,
    itemId: 2,
    itemName: 'Colombia Huila — Size: 250 g',
    type,
    actor: { kind: 'user', email: 'o@shop.test' },
    data: { from, to },
    createdAt: '2026-01-01T00:00:00Z',
  });

  it('says whether a variant was kept purchasable or had purchase disabled, and when it was made purchasable', () => {
    const kept = entry('unassign', { stock: 18, status: 'in_stock' }, { stock: 18, status: 'in_stock' });
    expect(describeChange(kept)).toBe('kept purchasable with its units on hand');
    const off = entry('unassign', { stock: 18, status: 'in_stock' }, { stock: 18, status: 'unavailable' });
    // No stock status is shown for an item the app no longer tracks: "In stock" with 0 units was false.
    expect(describeChange(off)).toBe('purchase disabled');
    expect(EVENT_LABEL['make-purchasable']).toBe('Made purchasable');
    const made = entry('make-purchasable', { status: 'unavailable' }, { status: 'in_stock' });
    expect(describeChange(made)).toBe(
      'purchase enabled: your store sells the units it counts, without backorder',
    );
  });
});
