import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient, ApiError } from '../../web/src/api/client';
import { TemplateEditor } from '../../web/src/bigdesign/components/TemplateEditor';
import TemplatesPage from '../../web/src/bigdesign/pages/TemplatesPage';
import { EMPTY_TEMPLATE, templateInput, type TemplateValues } from '../../web/src/hooks/forms';
import { errorAtField, fakeFetch, renderWithProviders, saveProblems } from './render';

const editor = (onSave: (v: TemplateValues) => Promise<void>) =>
  renderWithProviders(
    <TemplateEditor
      initial={EMPTY_TEMPLATE}
      title="New template"
      onSave={onSave}
      onCancel={() => undefined}
    />,
  );

describe('the template editor', () => {
  it('previews the storefront texts as they are typed', async () => {
    editor(jest.fn());
    const button = screen.getByLabelText(/Button text/);
    await userEvent.clear(button);
    await userEvent.type(button, 'Order ahead');
    expect(screen.getByTestId('preview-button')).toHaveTextContent('Order ahead');
    const cart = screen.getByLabelText(/Cart message/);
    await userEvent.clear(cart);
    await userEvent.type(cart, 'Ships in May');
    expect(screen.getByTestId('preview-cart-message')).toHaveTextContent('Ships in May');
  });

  it('validates each section as the server does', async () => {
    const onSave = jest.fn();
    editor(onSave);
    await userEvent.clear(screen.getByLabelText(/Button text/));
    await userEvent.type(screen.getByLabelText(/Button text/), 'x'.repeat(61));
    const threshold = screen.getByLabelText(/Threshold/);
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '-1');
    await userEvent.type(screen.getByLabelText(/Back-in-stock date/), '2026-02-30');
    await userEvent.click(screen.getByRole('button', { name: 'Save template' }));
    expect(errorAtField(/Template name/, 'The template name is required.')).toBeInTheDocument();
    expect(errorAtField(/Button text/, 'The button text must be at most 60 characters.')).toBeInTheDocument();
    expect(errorAtField(/Threshold/, 'The threshold must be 0 or more.')).toBeInTheDocument();
    expect(saveProblems()).toHaveTextContent('Not saved: 3 fields need a fix.');
    expect(saveProblems()).toHaveTextContent('The template name is required.');
    expect(screen.getByLabelText(/Template name/)).toHaveFocus();
    expect(onSave).not.toHaveBeenCalled();
  });

  it("saves the API's shape and shows a refusal's reason", async () => {
    const onSave = jest.fn(async (_v: TemplateValues) => {
      throw new ApiError(409, 'duplicate_name', 'A template named "Standard" already exists.');
    });
    editor(onSave);
    await userEvent.type(screen.getByLabelText(/Template name/), 'Standard');
    await userEvent.click(screen.getByRole('button', { name: 'Save template' }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(templateInput(onSave.mock.calls[0]![0])).toEqual({
      name: 'Standard',
      isDefault: false,
      storefront: {
        buttonText: EMPTY_TEMPLATE.buttonText,
        productMessage: EMPTY_TEMPLATE.productMessage,
        cartMessage: EMPTY_TEMPLATE.cartMessage,
      },
      stock: { threshold: 10, incomingStock: 0, backInStockDate: 'none' },
      packingSlip: { note: EMPTY_TEMPLATE.packingSlipNote },
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('A template named "Standard" already exists.');
  });
});

describe('editing a template that products use', () => {
  const standard = {
    id: 7,
    name: 'Standard',
    isDefault: true,
    storefront: { buttonText: 'Pre-order', productMessage: 'Ships soon', cartMessage: '' },
    stock: { threshold: 5, incomingStock: 0, backInStockDate: 'none' },
    packingSlip: { note: 'Ships separately' },
    updatedAt: '2026-01-01T00:00:00Z',
    usage: { products: 2, items: 3 },
  };

  it('says how many products use it, and saves and re-applies it to them in one go', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/templates': [200, { templates: [standard] }],
      'GET /api/settings': [200, { timeZone: 'UTC' }],
      'PUT /api/templates/7': (body) => [200, { ...standard, ...(body as object) }],
      'POST /api/templates/7/apply': [200, { items: 3, refused: [] }],
    });
    renderWithProviders(<TemplatesPage />, new ApiClient('t', '', impl));
    expect(await screen.findByRole('row', { name: /Standard/ })).toHaveTextContent('2 products (3 variants)');
    await userEvent.click(screen.getByRole('button', { name: 'Edit Standard' }));
    expect(await screen.findByText('Used by 2 products (3 variants)')).toBeInTheDocument();
    expect(
      screen.getByText(/Saving changes this template only: those products keep the values it gave them/),
    ).toBeInTheDocument();
    const threshold = screen.getByLabelText(/Threshold/);
    await userEvent.clear(threshold);
    await userEvent.type(threshold, '8');
    await userEvent.click(screen.getByRole('button', { name: 'Save and re-apply to 2 products' }));
    expect(await screen.findByText('“Standard” re-applied to 3 products.')).toBeInTheDocument();
    const writes = calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);
    expect(writes).toEqual(['PUT /api/templates/7', 'POST /api/templates/7/apply']);
    expect(calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ stock: { threshold: 8 } });
  });

  it('saves without re-applying when asked to save only', async () => {
    const { impl, calls } = fakeFetch({
      'GET /api/templates': [200, { templates: [standard] }],
      'GET /api/settings': [200, { timeZone: 'UTC' }],
      'PUT /api/templates/7': (body) => [200, { ...standard, ...(body as object) }],
    });
    renderWithProviders(<TemplatesPage />, new ApiClient('t', '', impl));
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Standard' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save template' }));
    expect(await screen.findByText('Template “Standard” saved.')).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/apply'))).toBe(false);
  });

  it('says where the packing-slip note goes without promising printed slips', () => {
    editor(jest.fn());
    const panel = screen.getByText(/Meant for the packing slips of backordered orders/);
    expect(panel).toHaveTextContent('Backorder does not print packing slips yet');
  });

  it('warns before saving a back-in-stock date that has started in the store’s time zone', async () => {
    // 02:30 UTC on 1 March is still 28 February in Los Angeles: 2026-03-01 has started in UTC only.
    jest.useFakeTimers({ now: new Date('2026-03-01T02:30:00Z'), advanceTimers: true });
    try {
      for (const [zone, warns] of [
        ['UTC', true],
        ['America/Los_Angeles', false],
      ] as const) {
        const onSave = jest.fn();
        const { unmount } = renderWithProviders(
          <TemplateEditor
            initial={{ ...EMPTY_TEMPLATE, name: 'Spring' }}
            title="New template"
            timeZone={zone}
            onSave={onSave}
            onCancel={() => undefined}
          />,
        );
        fireEvent.change(screen.getByLabelText(/Back-in-stock date/), { target: { value: '2026-03-01' } });
        const warning = screen.queryByText(/2026-03-01 has already started in your store’s time zone/);
        if (warns) {
          expect(warning).toHaveTextContent(
            `(${zone}), and backorder stops on that day: products given this template (when you assign or re-apply it) have backorder switched off at once.`,
          );
        } else expect(warning).not.toBeInTheDocument();
        expect(onSave).not.toHaveBeenCalled();
        unmount();
      }
    } finally {
      jest.useRealTimers();
    }
  });
});
