import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient, ApiError } from '../../web/src/api/client';
import type { Item, ItemPage, ItemQuery } from '../../web/src/api/types';
import { ItemsTable } from '../../web/src/bigdesign/components/ItemsTable';
import { fakeFetch, renderWithProviders } from './render';

const item = (over: Partial<Item>): Item => ({
  id: 1,
  productId: '10',
  variantId: '100',
  sku: 'BEAN-1',
  name: 'House blend',
  stock: 4,
  onHand: 4,
  threshold: 5,
  backordered: 0,
  sellable: 4,
  incomingStock: 0,
  backInStockDate: null,
  enabled: false,
  status: 'in_stock',
  switchAt: null,
  templateId: 1,
  texts: { buttonText: 'Pre-order', productMessage: '', cartMessage: '', packingSlipNote: '' },
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const page: ItemPage = {
  items: [
    item({}),
    item({
      id: 2,
      sku: 'BEAN-2',
      name: 'Decaf',
      stock: -3,
      onHand: 0,
      backordered: 3,
      sellable: 2,
      enabled: true,
      status: 'backorder',
    }),
    item({
      id: 3,
      sku: 'BEAN-3',
      name: 'Espresso',
      stock: -5,
      onHand: 0,
      backordered: 5,
      sellable: 0,
      status: 'unavailable',
    }),
  ],
  total: 53,
  totalCapped: false,
  page: 1,
  limit: 25,
};
const query: ItemQuery = { page: 1, limit: 25, sort: 'name', direction: 'asc' };

const row = (name: string) => screen.getByRole('row', { name: new RegExp(name) });

describe('the items table', () => {
  it('shows status and threshold use in words, not colour only', () => {
    renderWithProviders(
      <ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={jest.fn()} />,
    );
    expect(within(row('House blend')).getByText('In stock')).toBeInTheDocument();
    expect(within(row('Decaf')).getByText('Backorder')).toBeInTheDocument();
    expect(within(row('Espresso')).getByText('Unavailable')).toBeInTheDocument();
    expect(within(row('Decaf')).getByText('3 of 5 allowed')).toBeInTheDocument();
    expect(within(row('Decaf')).getByRole('meter', { name: 'Threshold used' })).toHaveAttribute(
      'aria-valuenow',
      '3',
    );
    expect(within(row('Decaf')).getByRole('checkbox', { name: 'Backorder for Decaf' })).toBeChecked();
  });

  it('labels on hand, on backorder and sellable, and never shows a negative stock', () => {
    renderWithProviders(
      <ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={jest.fn()} />,
    );
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(expect.arrayContaining(['On hand', 'On backorder', 'Sellable']));
    const cells = (name: string) =>
      within(row(name))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    // Decaf: 3 sold on backorder, nothing on the shelf, 2 more may sell before its threshold of 5.
    expect(cells('Decaf')).toEqual(expect.arrayContaining(['0', '3 of 5 allowed', '2']));
    expect(screen.queryByText(/^-\d/)).toBeNull();
  });

  it('pages and sorts on the server', async () => {
    const onQueryChange = jest.fn();
    renderWithProviders(
      <ItemsTable page={page} query={query} onQueryChange={onQueryChange} update={jest.fn()} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    expect(onQueryChange).toHaveBeenCalledWith({ page: 2 });
    await userEvent.click(screen.getByText('On hand'));
    expect(onQueryChange).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'stock', page: 1 }));
  });

  it('says when a search matches more products than it counted', () => {
    const exact = renderWithProviders(
      <ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={jest.fn()} />,
    );
    expect(screen.queryByText(/products match/)).toBeNull();
    exact.unmount();
    renderWithProviders(
      <ItemsTable
        page={{ ...page, total: 10000, totalCapped: true }}
        query={{ ...query, q: 'mug' }}
        onQueryChange={jest.fn()}
        update={jest.fn()}
      />,
    );
    expect(screen.getByText(/products match/)).toHaveTextContent(
      'More than 10,000 products match; the pages show the first 10,000. Add to the search to narrow it down.',
    );
  });

  it('switches backorder and shows the server refusal as a toast', async () => {
    const update = jest
      .fn()
      .mockRejectedValueOnce(
        new ApiError(409, 'threshold_used', 'The threshold is used up: raise it first.'),
      );
    renderWithProviders(<ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={update} />);
    await userEvent.click(within(row('Espresso')).getByRole('checkbox', { name: 'Backorder for Espresso' }));
    expect(update).toHaveBeenCalledWith(3, { enabled: true });
    expect(await screen.findByText('The threshold is used up: raise it first.')).toBeInTheDocument();
  });

  it('edits limits and texts inline, validating first', async () => {
    const update = jest.fn(async (id: number, patch: object) => ({ ...item({}), id, ...patch }));
    renderWithProviders(<ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={update} />);
    await userEvent.click(screen.getByRole('button', { name: 'Edit House blend' }));
    const dialog = await screen.findByRole('dialog');
    const threshold = within(dialog).getByLabelText(/Threshold/);
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '2.5');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('The threshold must be a whole number.')).toBeInTheDocument();
    expect(update).not.toHaveBeenCalled();
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '8');
    const button = within(dialog).getByLabelText(/Button text/);
    await userEvent.clear(button);
    await userEvent.type(button, 'Reserve yours');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(1, { threshold: 8, buttonText: 'Reserve yours' }),
    );
    expect(await screen.findByText('“House blend” saved.')).toBeInTheDocument();
  });
});

describe('switching backorder on by hand', () => {
  it('says first what it changes for a product still in stock, and switches only on a yes', async () => {
    const update = jest.fn(async (id: number, patch: object) => ({ ...item({}), id, ...patch }));
    renderWithProviders(<ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={update} />);
    await userEvent.click(
      within(row('House blend')).getByRole('checkbox', { name: 'Backorder for House blend' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Switch backorder on for “House blend”?');
    expect(dialog).toHaveTextContent(
      '“House blend” is in stock: its 4 units keep selling as usual, and nothing changes for shoppers while its stock is above your switch condition (Settings). From there down, shoppers can also order up to 5 more on backorder',
    );
    expect(dialog).toHaveTextContent('it stays on when you change the switch condition');
    expect(update).not.toHaveBeenCalled();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(update).not.toHaveBeenCalled();

    await userEvent.click(
      within(row('House blend')).getByRole('checkbox', { name: 'Backorder for House blend' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Switch on' }),
    );
    await waitFor(() => expect(update).toHaveBeenCalledWith(1, { enabled: true }));
    expect(await screen.findByText('Backorder switched on for “House blend”.')).toBeInTheDocument();
  });

  it('switches off, and on for a product that is not in stock, without asking', async () => {
    const update = jest.fn(async (id: number, patch: object) => ({ ...item({}), id, ...patch }));
    renderWithProviders(<ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={update} />);
    await userEvent.click(within(row('Decaf')).getByRole('checkbox', { name: 'Backorder for Decaf' }));
    await waitFor(() => expect(update).toHaveBeenCalledWith(2, { enabled: false }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe("a product's back-in-stock date", () => {
  it('warns that a date already started in the store’s zone switches backorder off, before saving', async () => {
    jest.useFakeTimers({ now: new Date('2026-03-01T12:00:00Z'), advanceTimers: true });
    try {
      const { impl } = fakeFetch({ 'GET /api/settings': [200, { timeZone: 'Europe/Amsterdam' }] });
      const update = jest.fn();
      renderWithProviders(
        <ItemsTable page={page} query={query} onQueryChange={jest.fn()} update={update} />,
        new ApiClient('t', '', impl),
      );
      await userEvent.click(screen.getByRole('button', { name: 'Edit Decaf' }));
      const dialog = await screen.findByRole('dialog');
      const date = within(dialog).getByLabelText(/Back-in-stock date/);
      fireEvent.change(date, { target: { value: '2026-03-02' } });
      expect(within(dialog).queryByText(/has already started/)).not.toBeInTheDocument();
      fireEvent.change(date, { target: { value: '2026-02-14' } });
      expect(
        await within(dialog).findByText(
          '2026-02-14 has already started in your store’s time zone (Europe/Amsterdam), and backorder stops on that day: saving it switches backorder off for this product, and it stays off until you set a later date.',
        ),
      ).toBeInTheDocument();
      expect(update).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });
});
