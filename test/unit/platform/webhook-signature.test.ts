/** Our verification against the Standard Webhooks reference implementation's signatures. */
import { Webhook } from 'standardwebhooks';
import { verifyWebhookSignature } from '../../../core/platform/bigcommerce/app';

const clientSecret = 'bc-client-secret';
const signer = new Webhook(Buffer.from(clientSecret).toString('base64'));
const now = new Date('2026-11-24T12:00:00Z');
const body = Buffer.from(JSON.stringify({ scope: 'store/order/created', data: { type: 'order', id: 250 } }));

function signed(at: Date, id = 'msg_1') {
  return {
    id,
    timestamp: String(Math.floor(at.getTime() / 1000)),
    signature: signer.sign(id, at, body.toString()),
  };
}

describe('webhook signatures', () => {
  it('accepts what the Standard Webhooks library signs with base64(client secret)', () => {
    expect(verifyWebhookSignature(signed(now), body, clientSecret, now, 300)).toEqual({ ok: true });
  });

  it('accepts any of several signatures (key rotation)', () => {
    const h = signed(now);
    expect(
      verifyWebhookSignature({ ...h, signature: `v1,AAAA ${h.signature}` }, body, clientSecret, now, 300),
    ).toEqual({ ok: true });
  });

  it.each([
    [
      'a changed body',
      () => [signed(now), Buffer.from(body.toString().replace('250', '251'))],
      'bad webhook signature',
    ],
    [
      'a timestamp over 5 minutes old',
      () => [signed(new Date(now.getTime() - 301_000)), body],
      'stale webhook timestamp',
    ],
    [
      'a timestamp from the future',
      () => [signed(new Date(now.getTime() + 301_000)), body],
      'stale webhook timestamp',
    ],
    [
      'another secret',
      () => [
        {
          ...signed(now),
          signature: new Webhook(Buffer.from('x').toString('base64')).sign('msg_1', now, body.toString()),
        },
        body,
      ],
      'bad webhook signature',
    ],
    ['no signature headers', () => [{}, body], 'missing webhook signature headers'],
  ] as const)('rejects %s', (_name, make, reason) => {
    const [headers, raw] = make() as [Parameters<typeof verifyWebhookSignature>[0], Buffer];
    // Refused for its time alone: said so, for the metrics to count it apart (reason "stale").
    const stale = reason === 'stale webhook timestamp' ? { stale: true } : {};
    expect(verifyWebhookSignature(headers, raw, clientSecret, now, 300)).toEqual({
      ok: false,
      reason,
      ...stale,
    });
  });
});
