import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../web/src/api/client';
import AssignPage from '../../web/src/bigdesign/pages/AssignPage';
import TemplatesPage from '../../web/src/bigdesign/pages/TemplatesPage';
import { fakeFetch, renderWithProviders } from './render';

const template = {
  id: 7,
  name: 'Standard',
  isDefault: true,
  storefront: { buttonText: 'Pre-order', productMessage: '', cartMessage: '' },
  stock: { threshold: 5, incomingStock: 0, backInStockDate: 'none' },
  packingSlip: { note: '' },
  updatedAt: '2026-01-01T00:00:00Z',
  usage: { products: 4, items: 4 },
};

const product = (id: string, name: string, assigned: boolean, variants = 1) => ({
  id,
  name,
  sku: `SKU-${id}`,
  inventoryTracking: variants > 1 ? 'variant' : 'product',
  inventoryLevel: 4,
  availability: 'available',
  assigned,
  variants: Array.from({ length: variants }, (_, n) => ({
    id: `${id}-${n}`,
    productId: id,
    sku: `SKU-${id}-${n}`,
    label: variants > 1 ? `Size: ${['S', 'M', 'L'][n]}` : '',
    inventoryLevel: 2,
    purchasingDisabled: false,
  })),
});

describe('destructive actions and outcomes', () => {
  it('asks before unassigning, then unassigns', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/catalog': [
        200,
        {
          products: [product('1', 'House blend', true), product('2', 'Mug', false, 3)],
          page: 1,
          totalPages: 1,
          total: 2,
        },
      ],
      'GET /api/templates': [200, { templates: [template] }],
      'GET /api/unassigned': [200, { items: [], total: 0, page: 1, limit: 50 }],
      'GET /api/assignments/1': [
        200,
        {
          productId: '1',
          variants: [{ itemId: 1, name: 'House blend', sku: 'SKU-1', onHand: 4, onBackorder: 0 }],
        },
      ],
      'DELETE /api/assignments/1': [200, { unassigned: 1, keptPurchasable: 0, purchaseDisabled: 1 }],
      'POST /api/assignments': [201, { assigned: 1 }],
    });
    renderWithProviders(<AssignPage />, new ApiClient('t', '', impl));
    expect(await screen.findByRole('list', { name: 'Variants of Mug' })).toHaveTextContent('Size: M');
    await userEvent.click(screen.getByRole('button', { name: 'Unassign House blend' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Unassign “House blend”?');
    expect(dialog).toHaveTextContent('Backorder stops for this product');
    await within(dialog).findByText('House blend (SKU-1)');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Unassign' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE')).toBe(true));
    expect(await screen.findByText('“House blend” unassigned: purchase disabled on it.')).toBeInTheDocument();
  });

  it("asks before deleting a template and shows the server's reason when it is in use", async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/templates': [200, { templates: [template] }],
      'DELETE /api/templates/7': [
        409,
        {
          error: {
            code: 'template_in_use',
            message: 'This template is used by 3 items; assign them another template first.',
          },
        },
      ],
    });
    renderWithProviders(<TemplatesPage />, new ApiClient('t', '', impl));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete Standard' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete template' }));
    expect(
      await screen.findByText('This template is used by 3 items; assign them another template first.'),
    ).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
    expect(screen.getByRole('row', { name: /Standard/ })).toBeInTheDocument();
  });

  it('asks before re-applying a template, then says how many products took it and which did not', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/templates': [200, { templates: [template] }],
      'POST /api/templates/7/apply': [
        200,
        {
          items: 4,
          refused: [{ itemId: 9, reason: 'The backorder threshold is used up; raise the threshold first.' }],
        },
      ],
    });
    renderWithProviders(<TemplatesPage />, new ApiClient('t', '', impl));
    await userEvent.click(await screen.findByRole('button', { name: 'Re-apply Standard to its products' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('replacing changes made to those products since');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Re-apply' }));
    expect(await screen.findByText('“Standard” re-applied to 3 products')).toBeInTheDocument();
    expect(
      screen.getByText(
        '1 product kept their values: The backorder threshold is used up; raise the threshold first.',
      ),
    ).toBeInTheDocument();
    expect(
      calls.filter((c) => c.method === 'POST' && c.path.endsWith('/api/templates/7/apply')),
    ).toHaveLength(1);
  });
});
