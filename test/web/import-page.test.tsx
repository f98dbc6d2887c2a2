import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiClient } from '../../web/src/api/client';
import ImportPage from '../../web/src/bigdesign/pages/ImportPage';
import { fakeFetch, renderWithProviders } from './render';

const error = (row: number, column: string, value: string) => ({ row, column, value, reason: 'is wrong' });
const job = (status: string, preview: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'imp-3',
  status,
  progress: 100,
  fileName: 'stock.csv',
  createdAt: '2026-11-24T00:00:00Z',
  preview: {
    rows: 5,
    toChange: 0,
    unchanged: 0,
    errorCount: 0,
    errorRows: 0,
    errors: [],
    changes: [],
    ...preview,
  },
  ...extra,
});

/** The page with its polls answering `answers` in turn; a file chosen, up to its preview. */
async function previewOf(answers: unknown[], confirm?: [number, unknown]) {
  const { impl, calls } = fakeFetch({
    'POST /api/imports': [202, { id: 'imp-3' }],
    'GET /api/imports/imp-3': () => [200, answers.length > 1 ? answers.shift() : answers[0]],
    ...(confirm ? { 'POST /api/imports/imp-3/confirm': confirm } : {}),
  });
  renderWithProviders(<ImportPage />, new ApiClient('t', '', impl));
  await userEvent.upload(
    screen.getByLabelText('CSV file to import'),
    new File(['sku,stock\nA,1\n'], 'stock.csv', { type: 'text/csv' }),
  );
  return calls;
}

describe('Import page', () => {
  it('says the stock column is the count on the shelf, owed units come off it, and backordered is read-only', () => {
    renderWithProviders(<ImportPage />, new ApiClient('t', '', fakeFetch({}).impl));
    expect(screen.getByText(/stock is the number of units on the shelf/)).toBeInTheDocument();
    expect(screen.getByText(/Units owed to customers .* come off that count first/)).toBeInTheDocument();
    expect(screen.getByText(/backordered .* is read-only/)).toBeInTheDocument();
  });

  it('counts rows with errors apart from the errors in them', async () => {
    const errors = [
      error(2, 'stock', 'x'),
      error(3, 'stock', 'y'),
      error(4, 'stock', 'z'),
      error(5, 'stock', 'w'),
      error(6, 'stock', 'ten'),
      error(6, 'backorder_enabled', 'maybe'),
    ];
    await previewOf([job('preview', { errorCount: 6, errorRows: 5, errors })]);
    expect(await screen.findByText('6 errors in 5 rows')).toBeInTheDocument();
    expect(screen.getByText(/5 rows: 0 to change, 0 unchanged, 5 with errors\./)).toBeInTheDocument();
  });

  it('names the product of each change beside its SKU', async () => {
    const values = { stock: 5, threshold: 3, incomingStock: 0, backInStockDate: null, enabled: false };
    const change = (row: number, sku: string, name: string, stock: number) => ({
      row,
      sku,
      name,
      itemId: row,
      before: values,
      after: { ...values, stock },
    });
    const changes = [
      change(2, 'CAFÉ-CRÈME-250G', 'Café crème “maison” 250 g', 12),
      change(3, 'COF-ETH-YIR-1KG', 'Ethiopia Yirgacheffe Whole Bean 1 kg', 40),
    ];
    await previewOf([job('preview', { rows: 2, toChange: 2, changes })]);
    const rows = await screen.findAllByRole('row');
    const cafe = rows.find((r) => r.textContent?.includes('CAFÉ-CRÈME-250G'));
    expect(cafe).toHaveTextContent('Café crème “maison” 250 g');
    expect(screen.getByRole('columnheader', { name: 'Product' })).toBeInTheDocument();
    expect(screen.getByText('Ethiopia Yirgacheffe Whole Bean 1 kg')).toBeInTheDocument();
  });

  it('says "Import applied." only when it is, and why not when the apply was given back', async () => {
    const change = { row: 2, sku: 'A', itemId: 1, before: { stock: 5 }, after: { stock: 1 } };
    const ready = job('preview', { rows: 1, toChange: 1, changes: [change] });
    const answers = [
      ready,
      job('applying', ready.preview, { progress: 40 }),
      job('preview', ready.preview, {
        error: { code: 'apply_failed', message: 'The changes could not be applied; nothing was changed.' },
      }),
    ];
    await previewOf(answers, [202, { id: 'imp-3', status: 'applying' }]);
    await userEvent.click(await screen.findByRole('button', { name: 'Import 1 change' }));
    expect(await screen.findByText('The import was not applied')).toBeInTheDocument();
    expect(screen.getByText('The changes could not be applied; nothing was changed.')).toBeInTheDocument();
    expect(screen.queryByText('Import applied.')).not.toBeInTheDocument();
  });

  it('gives the exact error count of a file with very many, and says the download lists the first 10,000', async () => {
    const errors = [error(2, 'sku', 'NOPE-1'), error(3, 'sku', 'NOPE-2')];
    await previewOf([
      job('preview', {
        rows: 17_000_000,
        errorCount: 16_999_999,
        errorRows: 16_999_999,
        errorsKept: 10_000,
        errors,
      }),
    ]);
    expect(await screen.findByText('16,999,999 rows with errors')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The errors file lists the first 10,000 errors by row, of 16,999,999; fix those and upload the file again to see the rest.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download the first 10,000 errors' })).toBeInTheDocument();
  });

  it('offers every error when the download has them all', async () => {
    await previewOf([
      job('preview', { errorCount: 2, errorRows: 1, errorsKept: 2, errors: [error(2, 'a', 'x')] }),
    ]);
    expect(await screen.findByText('2 errors in 1 row')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Download all errors' })).toBeInTheDocument();
    expect(screen.queryByText(/lists the first/)).not.toBeInTheDocument();
  });

  it('says why the import it follows was discarded when newer uploads replaced it', async () => {
    const replaced =
      'This import was discarded when a newer file was uploaded: at most 5 imports wait to be reviewed at a time.';
    await previewOf([
      { ...job('parsing', {}), preview: undefined, progress: 10 },
      { ...job('discarded', {}), preview: undefined, error: { code: 'replaced', message: replaced } },
    ]);
    expect(await screen.findByText('This import was discarded')).toBeInTheDocument();
    expect(screen.getByText(replaced)).toBeInTheDocument();
  });
});
