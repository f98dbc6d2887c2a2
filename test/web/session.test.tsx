import { render, screen } from '@testing-library/react';
import { ApiClient, ApiError, SESSION_EXPIRED_MESSAGE, tokenFromPage } from '../../web/src/api/client';
import { App } from '../../web/src/bigdesign/App';
import { fakeFetch } from './render';

describe('the session', () => {
  it('sends the token from the page with every call and types the errors', async () => {
    document.head.innerHTML = '<meta name="backorder-session" content="tok-123">';
    const { impl, calls } = fakeFetch({
      'GET /api/settings': [200, { switchCondition: 0 }],
      'PUT /api/settings': [400, { error: { code: 'invalid', message: 'timeZone: bad', field: 'timeZone' } }],
    });
    const api = new ApiClient(tokenFromPage(), '', impl);
    await api.get('/api/settings');
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-123');
    await expect(api.put('/api/settings', { timeZone: 'Mars' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid',
      field: 'timeZone',
      message: 'timeZone: bad',
    });
  });

  it('asks the merchant to reopen the app when the session expires, instead of a blank page', async () => {
    const { impl } = fakeFetch({
      'GET /api/session': [401, { error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } }],
      'GET /api/overview': [401, { error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } }],
    });
    const api = new ApiClient('expired', '', impl);
    render(<App api={api} />);
    expect(await screen.findByText(/Your session has expired: reopen the app\./)).toBeInTheDocument();
    await expect(api.get('/api/session')).rejects.toBeInstanceOf(ApiError);
  });

  it('says the same when the page carries no token at all', async () => {
    render(<App api={new ApiClient('')} />);
    expect(await screen.findByText(/reopen the app/)).toBeInTheDocument();
  });
});
