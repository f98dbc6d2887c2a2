import { screen } from '@testing-library/react';
import { ApiClient } from '../../web/src/api/client';
import ActivityPage from '../../web/src/bigdesign/pages/ActivityPage';
import { describeActor, describeChange, EVENT_LABEL, importDiff } from '../../web/src/hooks/describe';
import { fakeFetch, renderWithProviders } from './render';

const event = (
  type: string,
  data: Record<string, unknown>,
  actor: Record<string, unknown> = { kind: 'system' },
) => ({
  id: 1,
  itemId: 2,
  itemName: 'Ethiopia Yirgacheffe 1 kg',
  type,
  actor,
  data,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('the activity log in words', () => {
  it('says what changed, field by field', () => {
    expect(
      describeChange(
        event('stock-level', {
          from: { stock: 4, status: 'in_stock', enabled: false, threshold: 5 },
          to: { stock: 0, status: 'backorder', enabled: true, threshold: 5 },
        }),
      ),
    ).toBe('stock 4 → 0 · status In stock → Backorder · backorder on');
    expect(
      describeChange(
        event('import', {
          from: { stock: 1, threshold: 5, incomingStock: 0, backInStockDate: null },
          to: { stock: 1, threshold: 6, incomingStock: 12, backInStockDate: '2027-03-01' },
        }),
      ),
    ).toBe('threshold 5 → 6 · incoming 0 → 12 · back in stock — → 2027-03-01');
    expect(describeChange(event('sale', { quantity: 2, orderId: '104' }))).toBe('2 sold (order 104)');
    expect(describeChange(event('import-refused', { row: 3, reason: 'threshold used up' }))).toBe(
      'row 3: threshold used up',
    );
  });

  it('says why an item is no longer tracked', () => {
    const reason =
      "The variant is no longer in the store's catalog, found when the platform refused a write for it: " +
      '"Variant not found: Variant 77 does not exist."';
    expect(describeChange(event('variant-deleted', { sku: 'COF-1KG', reason }, { kind: 'platform' }))).toBe(
      reason,
    );
    expect(EVENT_LABEL['variant-deleted']).toBe('No longer tracked');
    expect(EVENT_LABEL['product-deleted']).toBe('No longer tracked');
  });

  it('names who did it', () => {
    expect(describeActor({ kind: 'user', email: 'o@shop.test' })).toBe('o@shop.test');
    expect(describeActor({ kind: 'platform' })).toBe('BigCommerce');
    expect(describeActor({ kind: 'import' })).toBe('CSV import');
  });

  it("names an import preview's changes as the log does", () => {
    expect(
      importDiff(
        { stock: 1, threshold: 5, enabled: false, backInStockDate: null },
        { stock: 2, threshold: 5, enabled: true, backInStockDate: '2027-01-01' },
      ),
    ).toBe('Stock: 1 → 2 · Backorder: off → on · Back in stock: — → 2027-01-01');
  });

  it('says how a stock that pays units owed to customers comes about', () => {
    // The file counted 10 on the shelf; 5 were owed.
    expect(importDiff({ stock: -5, threshold: 5 }, { stock: 5, threshold: 5 })).toBe(
      'Stock: -5 → 5 (10 on the shelf, less 5 owed)',
    );
    expect(importDiff({ stock: -5 }, { stock: -5 })).toBe('');
  });
});

describe('the activity page', () => {
  it("shows each time in the store's time zone, whatever the browser's", async () => {
    // 00:30 UTC on 1 January is 19:30 on 31 December in New York (the browser’s own zone plays no part).
    const at = { ...event('sale', { quantity: 1, orderId: '7' }), createdAt: '2026-01-01T00:30:00Z' };
    const { impl } = fakeFetch({
      'GET /api/settings': [200, { timeZone: 'America/New_York' }],
      'GET /api/events': [200, { events: [at] }],
    });
    renderWithProviders(<ActivityPage />, new ApiClient('t', '', impl));
    const row = await screen.findByRole('row', { name: /Sale/ });
    expect(row).toHaveTextContent('2025-12-31 19:30');
    expect(screen.getByRole('columnheader', { name: 'When (America/New_York)' })).toBeInTheDocument();
  });

  it('names settings, texts and template re-applies in words', () => {
    expect(
      describeChange(
        event('settings', {
          from: { switchCondition: 0, ownerEmail: null, defaultTemplateId: 1, defaultTemplate: 'Standard' },
          to: {
            switchCondition: 2,
            ownerEmail: 'o@shop.test',
            defaultTemplateId: 4,
            defaultTemplate: 'Spring',
          },
        }),
      ),
    ).toBe(
      'switch condition 0 → 2 · default template Standard → Spring · notifications to the store owner → o@shop.test',
    );
    expect(
      describeChange(event('texts', { from: { productMessage: '' }, to: { productMessage: 'Back in May' } })),
    ).toBe('product message (empty) → “Back in May”');
    expect(
      describeChange(event('template-applied', { templateId: 4, name: 'Spring', items: 3, refused: 1 })),
    ).toBe('“Spring” re-applied to 2 products; 1 product kept their values');
    expect(EVENT_LABEL.settings).toBe('Settings changed');
  });
});
