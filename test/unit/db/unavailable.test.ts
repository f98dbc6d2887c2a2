/** Which database errors mean "not there to answer" (a 503, a retry) rather than "refused the query". */
import { asDatabaseUnavailable, DatabaseUnavailableError } from '../../../core/db/client';

const wrapped = (cause: object) => Object.assign(new Error('Failed query: select 1'), { cause });

describe('asDatabaseUnavailable', () => {
  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a server shutting down, as drizzle wraps it',
      wrapped({ code: '57P01', message: 'terminating connection' }),
    ],
    ['a server starting up', wrapped({ code: '57P03', message: 'the database system is starting up' })],
    ['a connection exception', wrapped({ code: '08006', message: 'connection failure' })],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
  ])('takes %s for the database being away', (_name, err) => {
    expect(asDatabaseUnavailable(err)).toBeInstanceOf(DatabaseUnavailableError);
    expect(asDatabaseUnavailable(err)?.kind).toBe('retryable');
  });

  it.each([
    ['a unique violation', wrapped({ code: '23505', message: 'duplicate key value' })],
    ['a syntax error', wrapped({ code: '42601', message: 'syntax error' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('leaves %s alone', (_name, err) => {
    expect(asDatabaseUnavailable(err)).toBeUndefined();
  });
});
