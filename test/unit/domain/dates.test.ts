import { dateReached, isRealDate, todayIn } from '../../../core/domain/dates';

describe('the store day in its own time zone', () => {
  const lateEveningUtc = new Date('2026-03-01T23:30:00Z');

  it('is already the next day in Amsterdam', () => {
    expect(todayIn('Europe/Amsterdam', lateEveningUtc)).toBe('2026-03-02');
  });

  it('is still the same day in New York', () => {
    expect(todayIn('America/New_York', lateEveningUtc)).toBe('2026-03-01');
  });

  it('is the UTC day in UTC', () => {
    expect(todayIn('UTC', lateEveningUtc)).toBe('2026-03-01');
  });

  it('turns over exactly at local midnight', () => {
    // Amsterdam is UTC+1 in winter: local midnight is 23:00 UTC.
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T22:59:59.999Z'))).toBe('2026-01-14');
    expect(todayIn('Europe/Amsterdam', new Date('2026-01-14T23:00:00Z'))).toBe('2026-01-15');
  });

  it('follows daylight saving time (Amsterdam is UTC+2 in summer)', () => {
    expect(todayIn('Europe/Amsterdam', new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(todayIn('Europe/Amsterdam', new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('handles zones far ahead of and behind UTC', () => {
    const noonUtc = new Date('2026-06-15T12:00:00Z');
    expect(todayIn('Pacific/Kiritimati', noonUtc)).toBe('2026-06-16');
    expect(todayIn('Pacific/Pago_Pago', noonUtc)).toBe('2026-06-15');
  });

  it('lands on a leap day', () => {
    expect(todayIn('Asia/Tokyo', new Date('2028-02-28T15:00:00Z'))).toBe('2028-02-29');
  });

  it('refuses an unknown time zone with a clear message', () => {
    expect(() => todayIn('Mars/Olympus_Mons', lateEveningUtc)).toThrow(
      /Unknown time zone "Mars\/Olympus_Mons"/,
    );
  });

  it('refuses an empty time zone', () => {
    expect(() => todayIn('', lateEveningUtc)).toThrow(/Time zone is empty/);
  });

  it('refuses an invalid time', () => {
    expect(() => todayIn('UTC', new Date('not a time'))).toThrow(/invalid time/);
  });
});

describe('recognising a real calendar date', () => {
  it.each(['2026-03-01', '2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30', '0001-01-01'])(
    'accepts %s',
    (date) => {
      expect(isRealDate(date)).toBe(true);
    },
  );

  it.each([
    ['2025-02-29', 'no leap day in 2025'],
    ['1900-02-29', 'no leap day in a century year not divisible by 400'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'no 13th month'],
    ['2026-00-10', 'no month 0'],
    ['2026-01-00', 'no day 0'],
    ['0000-01-01', 'no year 0 (PostgreSQL refuses it)'],
    ['2026-1-5', 'not zero-padded'],
    ['2026-01-05T00:00:00Z', 'a timestamp, not a date'],
    ['05/01/2026', 'another format'],
    ['', 'empty'],
  ])('refuses %s (%s)', (date) => {
    expect(isRealDate(date)).toBe(false);
  });
});

describe('whether a back-in-stock date has been reached', () => {
  const lateEveningUtc = new Date('2026-03-01T23:30:00Z');

  it('is never reached without a date', () => {
    expect(dateReached(null, 'UTC', lateEveningUtc)).toBe(false);
  });

  it('is reached on the day itself', () => {
    expect(dateReached('2026-03-01', 'UTC', lateEveningUtc)).toBe(true);
  });

  it('is reached after the day', () => {
    expect(dateReached('2026-02-28', 'UTC', lateEveningUtc)).toBe(true);
  });

  it('is not reached the day before', () => {
    expect(dateReached('2026-03-02', 'UTC', lateEveningUtc)).toBe(false);
  });

  it('depends on the store time zone at the same instant', () => {
    expect(dateReached('2026-03-02', 'Europe/Amsterdam', lateEveningUtc)).toBe(true);
    expect(dateReached('2026-03-02', 'America/New_York', lateEveningUtc)).toBe(false);
  });
});
