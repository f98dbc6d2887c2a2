/** How one imported row becomes rule events for its item (confirm-import's planItem, pure). */
import type { LockedRow } from '../../../core/db/import-apply.repo';
import type { ItemState } from '../../../core/domain/types';
import { planItem } from '../../../core/use-cases/confirm-import.use-case';
import { blankFileValues } from '../../support/fixtures';
import { itemState } from '../../support/item-state';

const settings = { switchCondition: 0, timeZone: 'UTC' };
const now = new Date('2026-11-24T12:00:00Z');
const actor = { kind: 'import' as const, importId: 'imp-1' };
const item = itemState({ stock: 10, threshold: 3 });
const blank: LockedRow['file'] = blankFileValues;
const plan = (file: Partial<LockedRow['file']>, state: Partial<ItemState> = {}) =>
  planItem(
    { itemId: 7, row: 2, state: { ...item, ...state }, file: { ...blank, ...file } },
    settings,
    now,
    actor,
    'imp-1',
  );

describe('planItem', () => {
  it('applies a new stock count through the rules: crossing the switch condition enables backorder', () => {
    const p = plan({ stock: 0 });
    expect(p.write).toMatchObject({
      id: 7,
      changed: true,
      bump: true,
      state: { stock: 0, enabled: true, status: 'backorder' },
    });
    expect(p.notices).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
  });

  it('takes the stock cell as a count on the shelf: units owed to customers are paid first', () => {
    // 10 on the shelf with 5 owed leaves 5 to sell, as the same count from the platform does.
    expect(plan({ stock: 10 }, { stock: -5 }).write).toMatchObject({ changed: true, state: { stock: 5 } });
    // A count short of what is owed leaves the rest owed.
    expect(plan({ stock: 3 }, { stock: -5 }).write.state.stock).toBe(-2);
  });

  it("takes a stock cell equal to the item's shelf count as no change, so owed units are not paid twice", () => {
    const owing = { stock: -5, threshold: 10, enabled: true, status: 'backorder' as const };
    expect(plan({ stock: 0 }, owing).write).toMatchObject({ changed: false, bump: false, state: owing });
    expect(plan({ stock: 10 }).write).toMatchObject({ changed: false, bump: false, state: { stock: 10 } });
    // With another cell changed, only that cell applies.
    expect(plan({ stock: 0, threshold: 8 }, owing).write.state).toMatchObject({ stock: -5, threshold: 8 });
  });

  it('takes an unchanged "no" as no instruction, so it does not undo that automatic switch-on', () => {
    expect(plan({ stock: 0, enabled: false }).write.state.enabled).toBe(true);
  });

  it('takes a changed switch as an instruction', () => {
    expect(plan({ stock: 0, enabled: true }, { stock: 5 }).write.state).toMatchObject({ enabled: true });
    expect(
      plan({ enabled: false }, { stock: 0, enabled: true, status: 'backorder' }).write.state,
    ).toMatchObject({
      enabled: false,
      status: 'unavailable',
    });
  });

  it('edits threshold, incoming stock and date, and removes a date with "none"', () => {
    expect(plan({ threshold: 8, incomingStock: 4, backInStockDate: '2027-01-02' }).write.state).toMatchObject(
      {
        threshold: 8,
        incomingStock: 4,
        backInStockDate: '2027-01-02',
      },
    );
    expect(
      plan({ clearDate: true }, { backInStockDate: '2027-01-02' }).write.state.backInStockDate,
    ).toBeNull();
  });

  it('skips and reports a switch-on the rules refuse, applying the rest of the row', () => {
    // 3 units owed of a threshold of 3: the backorder room is used up.
    const p = plan({ stock: 0, incomingStock: 6, enabled: true }, { stock: -3 });
    expect(p.refused).toMatchObject({ code: 'threshold_used_up' });
    expect(p.write.state).toMatchObject({ stock: -3, incomingStock: 6, enabled: false });
    expect(p.entries).toEqual([
      expect.objectContaining({ type: 'import-refused', data: expect.objectContaining({ row: 2 }) }),
    ]);
  });

  it('changes nothing for an item no longer tracked', () => {
    expect(plan({ stock: 1 }, { tracked: false, status: 'unavailable' }).write.changed).toBe(false);
  });
});
