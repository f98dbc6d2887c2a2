import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../web/src/api/client';
import { TemplateEditor } from '../../web/src/bigdesign/components/TemplateEditor';
import { EMPTY_TEMPLATE, templateInput, type TemplateValues } from '../../web/src/hooks/forms';
import { errorAtField, renderWithProviders, saveProblems } from './render';

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
