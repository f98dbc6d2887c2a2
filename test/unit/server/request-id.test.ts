/** Which incoming `x-request-id` is kept: one a proxy would send, never arbitrary text for the logs. */
import { requestIdFrom } from '../../../server/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the request id', () => {
  it('keeps a short id of letters, digits, dots, dashes and underscores', () => {
    for (const id of ['abc123', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'req_1.2', 'x'.repeat(64)])
      expect(requestIdFrom(id)).toBe(id);
  });

  it('makes a fresh one when there is none, or what came is not safe to log', () => {
    const refused = [undefined, '', 'x'.repeat(65), 'a b', 'abc\ninjected', '<script>', 'Root=1', ['a', 'b']];
    for (const header of refused) expect(requestIdFrom(header)).toMatch(UUID);
    expect(requestIdFrom(undefined)).not.toBe(requestIdFrom(undefined));
  });
});
