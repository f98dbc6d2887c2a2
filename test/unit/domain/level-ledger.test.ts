/** The app's ledger of an item's level on the platform: what it knows, and its own adjustments. */
import {
  adjustmentFor,
  changed,
  counted,
  landed,
  read,
  refused,
  sending,
  sold,
  SURPRISE_HOLD_MS,
  surpriseHoldUntil,
  type Ledger,
} from '../../../core/domain/level-ledger';

const T = 1_800_000_000_000; // ms; a whole second
const at = (seconds: number) => T + seconds * 1000;
/** A count's stamp: whole seconds since the epoch, `seconds` after T. */
const second = (seconds: number) => T / 1000 + seconds;
const ledger = (level: number | null): Ledger => ({ level, state: {} });

/** An adjustment of `delta` sent at `sentS` and answered at `ackS` (seconds after T). */
function adjusted(from: Ledger, delta: number, sentS: number, ackS: number): Ledger {
  return landed(sending(from, delta, at(sentS)), at(ackS));
}

describe('the level ledger', () => {
  it('adds an adjustment that landed, and asks for the difference to what is wanted', () => {
    const l = adjusted(ledger(0), 5, 1, 1.2);
    expect(l.level).toBe(5);
    expect(adjustmentFor(l, 8)).toBe(3);
    expect(adjustmentFor(l, 5)).toBe(0);
  });

  it('takes a sale off the level, whatever the rules count of it', () => {
    expect(sold(ledger(5), 3, { placedAt: second(1) }, at(1)).level).toBe(2);
    expect(sold(ledger(null), 3, { placedAt: second(1) }, at(1)).level).toBeNull();
  });

  it('leaves a sale the last count holds, and takes a sale off a count taken before it', () => {
    const count = counted(ledger(0), 10, { countedAt: second(5), receivedAt: at(5.2) }, at(5.3));
    expect(sold(count, 2, { placedAt: second(4), receivedAt: at(20) }, at(20)).level).toBe(10); // placed before: in it
    expect(sold(count, 2, { placedAt: second(5), receivedAt: at(5.1) }, at(20)).level).toBe(10); // same second, heard first
    expect(sold(count, 2, { placedAt: second(5), receivedAt: at(5.5) }, at(20)).level).toBe(8); // same second, heard after
    // A count taken before a sale the app already took off: the sale is not in it.
    const sale = sold(count, 3, { placedAt: second(9), receivedAt: at(9.1) }, at(9.2));
    expect(counted(sale, 7, { countedAt: second(8), receivedAt: at(9.5) }, at(9.6)).level).toBe(4);
    expect(counted(sale, 7, { countedAt: second(10), receivedAt: at(10.1) }, at(10.2)).level).toBe(7);
  });

  it('knows its own echo by the ledger: it changes nothing, once', () => {
    const l = adjusted(ledger(0), 5, 1, 1.2);
    const echo = changed(l, 5, at(2));
    expect(echo).toMatchObject({ own: true, ledger: { level: 5 } });
    // The same amount again is someone else's change: the echo was expected once.
    const again = changed(echo.ledger, 5, at(3));
    expect(again).toMatchObject({ own: false, ledger: { level: 10 } });
  });

  it("takes someone else's change as stock that moved", () => {
    expect(changed(ledger(4), -2, at(1))).toMatchObject({ own: false, ledger: { level: 2 } });
  });

  it('settles an adjustment whose answer never came by its echo', () => {
    const pending = sending(ledger(0), 5, at(1));
    expect(adjustmentFor(pending, 9)).toBeNull(); // nothing more goes out meanwhile
    const echo = changed(pending, 5, at(2));
    expect(echo.own).toBe(true);
    expect(echo.ledger.level).toBe(5);
    expect(echo.ledger.state.pending).toBeUndefined();
    expect(adjustmentFor(echo.ledger, 9)).toBe(4);
  });

  it('forgets a refused adjustment: nothing landed, no echo comes', () => {
    const l = refused(sending(ledger(2), -5, at(1)));
    expect(l.level).toBe(2);
    expect(l.state.pending).toBeUndefined();
    expect(changed(l, -5, at(2))).toMatchObject({ own: false, ledger: { level: -3 } });
  });

  it('in one second with news that came late, does not guess: the level is read, and holds what it read', () => {
    const count = counted(ledger(0), 10, { countedAt: second(5), receivedAt: at(5.2) }, at(5.3));
    // A sale of second 5 whose webhook came 10 s late (a retry): before or after the count?
    const unsure = sold(count, 2, { placedAt: second(5), receivedAt: at(15) }, at(15));
    expect(unsure.level).toBeNull();
    expect(adjustmentFor(unsure, 8)).toBeNull(); // nothing is adjusted on a guess
    // Two counts of one second, the second's news late.
    expect(counted(count, 4, { countedAt: second(5), receivedAt: at(12) }, at(12)).level).toBeNull();
    // The read settles it; a sale placed by then is in it, one placed later is not.
    const known = read(unsure, 8, at(16));
    expect(sold(known, 1, { placedAt: second(16), receivedAt: at(20) }, at(20)).level).toBe(8);
    expect(sold(known, 1, { placedAt: second(17), receivedAt: at(17.1) }, at(17.2)).level).toBe(7);
    // A count applied after the read (taken before it) sets the level again: a sale after that
    // count comes off it, though it was placed before the read.
    const recounted = counted(known, 3, { countedAt: second(15), receivedAt: at(15.2) }, at(16.5));
    expect(sold(recounted, 1, { placedAt: second(15), receivedAt: at(15.5) }, at(16.6)).level).toBe(2);
  });

  describe('a warehouse count', () => {
    it('replaces the level, the app room included, and keeps its adjustments that landed after', () => {
      const l = adjusted(ledger(0), 5, 10, 10.2); // landed in second 10
      expect(counted(l, 3, { countedAt: second(12) }, at(13)).level).toBe(3); // counted in second 12: the room is wiped
      expect(counted(l, 3, { countedAt: second(8) }, at(13)).level).toBe(8); // counted in second 8: the room stays on top
    });

    it('in the same second as an adjustment, does not guess: the level is read', () => {
      const added = adjusted(ledger(0), 5, 10.1, 10.3);
      expect(counted(added, 3, { countedAt: second(10) }, at(11)).level).toBeNull();
      const withdrawn = adjusted(ledger(8), -5, 10.1, 10.3);
      expect(counted(withdrawn, 3, { countedAt: second(10) }, at(11)).level).toBeNull();
    });

    it('before an adjustment answered later, leaves it to be added when it lands after', () => {
      const sent = sending(ledger(0), 5, at(12));
      const count = counted(sent, 3, { countedAt: second(10) }, at(12.5)); // counted in second 10, the adjustment went at 12
      expect(landed(count, at(12.8)).level).toBe(8);
    });
  });

  describe('reading the level back', () => {
    it('settles a pending adjustment: landed when the level holds it, not when it does not', () => {
      const pending = sending(ledger(2), 5, at(1));
      expect(read(pending, 7, at(5))).toMatchObject({ level: 7, state: { pending: undefined } });
      const missed = read(pending, 2, at(5));
      expect(missed.level).toBe(2);
      expect(changed(missed, 5, at(6)).own).toBe(false); // no echo of it is expected
    });

    it('when other changes blur it, takes the side that can only undersell', () => {
      const added = read(sending(ledger(2), 5, at(1)), 4, at(5));
      expect(changed(added, 5, at(6)).own).toBe(true); // counted as landed: its echo is expected
      const withdrawn = read(sending(ledger(8), -5, at(1)), 6, at(5));
      expect(changed(withdrawn, -5, at(6)).own).toBe(false); // counted as not landed
    });

    it('makes an unknown level known', () => {
      expect(adjustmentFor(ledger(null), 3)).toBeNull();
      expect(adjustmentFor(read(ledger(null), 4, at(1)), 3)).toBe(-1);
    });

    // The platform moved (a count of 4 whose webhook is on its way) while the app's state still says
    // 6: adding 2 from that state would sell units no warehouse holds.
    it('holds additions a moment when the level read is not the one it expected', () => {
      const ahead = read(ledger(6), 4, at(1));
      expect(ahead.level).toBe(4);
      expect(surpriseHoldUntil(ahead, at(2))).toBe(at(1) + SURPRISE_HOLD_MS);
      expect(surpriseHoldUntil(ahead, at(1) + SURPRISE_HOLD_MS)).toBeUndefined();
      const blurred = read(sending(ledger(2), 5, at(1)), 4, at(5));
      expect(surpriseHoldUntil(blurred, at(6))).toBe(at(5) + SURPRISE_HOLD_MS);
    });

    it('does not hold when the read holds what it expected', () => {
      expect(surpriseHoldUntil(read(ledger(6), 6, at(1)), at(2))).toBeUndefined();
      expect(surpriseHoldUntil(read(sending(ledger(2), 5, at(1)), 7, at(5)), at(6))).toBeUndefined();
      expect(surpriseHoldUntil(read(ledger(null), 4, at(1)), at(2))).toBeUndefined();
    });
  });
});
