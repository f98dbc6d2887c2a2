import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../web/src/api/client';
import type { Settings } from '../../web/src/api/types';
import { ApiClient } from '../../web/src/api/client';
import { SettingsForm, SettingsPage } from '../../web/src/bigdesign/pages/SettingsPage';
import { errorAtField, fakeFetch, renderWithProviders, saveProblems } from './render';

const settings: Settings = {
  switchCondition: 0,
  defaultTemplateId: null,
  ownerEmail: null,
  notifyOwner: true,
  timeZone: 'UTC',
  autoAssignNewProducts: false,
  switchConditionApply: null,
};

describe('the settings form', () => {
  it('refuses what the server refuses, in whole sentences at the field and at the button, and sends nothing', async () => {
    const save = jest.fn();
    renderWithProviders(<SettingsForm settings={settings} templates={[]} save={save} />);
    const level = screen.getByLabelText(/Switch to backorder at stock level/);
    await userEvent.clear(level);
    await userEvent.type(level, '1.5');
    await userEvent.type(screen.getByLabelText(/Send notifications to/), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const whole = 'The switch condition must be a whole number.';
    const email = 'The notification email must be an email address.';
    expect(errorAtField(/Switch to backorder at stock level/, whole)).toBeInTheDocument();
    expect(errorAtField(/Send notifications to/, email)).toBeInTheDocument();
    expect(saveProblems()).toHaveTextContent(`Not saved: 2 fields need a fix.${whole}${email}`);
    // The first field with a problem has the focus (and is brought into view).
    expect(level).toHaveFocus();
    await userEvent.clear(level);
    await userEvent.type(level, '-2000000');
    expect(
      errorAtField(/Switch to backorder at stock level/, 'The switch condition must be at least -1000000.'),
    ).toBeInTheDocument();
    expect(save).not.toHaveBeenCalled();
  });

  it('saves the values as the API takes them and says so', async () => {
    const save = jest.fn(async (patch: Partial<Settings>) => ({ ...settings, ...patch }));
    renderWithProviders(<SettingsForm settings={settings} templates={[]} save={save} />);
    const level = screen.getByLabelText(/Switch to backorder at stock level/);
    await userEvent.clear(level);
    await userEvent.type(level, '2');
    await userEvent.type(screen.getByLabelText(/Send notifications to/), 'owner@shop.test');
    await userEvent.click(screen.getByRole('checkbox', { name: /Assign new products automatically/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    expect(save).toHaveBeenCalledWith({
      switchCondition: 2,
      ownerEmail: 'owner@shop.test',
      notifyOwner: true,
      timeZone: 'UTC',
      autoAssignNewProducts: true,
    });
    expect(await screen.findByText('Settings saved.')).toBeInTheDocument();
  });

  it("shows the server's reason on the field it names", async () => {
    const save = jest.fn(async () => {
      throw new ApiError(400, 'invalid', 'ownerEmail: must be an email address', 'ownerEmail');
    });
    renderWithProviders(
      <SettingsForm settings={{ ...settings, ownerEmail: 'a@b.co' }} templates={[]} save={save} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    const sentence = 'The notification email must be an email address.';
    await waitFor(() => expect(errorAtField(/Send notifications to/, sentence)).toBeInTheDocument());
    expect(saveProblems()).toHaveTextContent(`Not saved. ${sentence}`);
  });

  it("shows the server's reason on the form when it names a field the form does not have", async () => {
    const save = jest.fn(async () => {
      throw new ApiError(400, 'invalid', 'defaultTemplateId: template 9 does not exist', 'defaultTemplateId');
    });
    renderWithProviders(<SettingsForm settings={settings} templates={[]} save={save} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'defaultTemplateId: template 9 does not exist',
    );
  });

  it('says what saving a new switch condition does to the products', () => {
    renderWithProviders(<SettingsForm settings={settings} templates={[]} save={jest.fn()} />);
    expect(
      screen.getByText(
        /raising it switches on backorder for every assigned product at or below the new level; lowering it switches off those above it that it had switched on\. A switch you set by hand stays as you set it/,
      ),
    ).toBeInTheDocument();
  });

  it.each([
    [
      { status: 'failed' as const, from: 0, to: 5, switchedOn: 1, switchedOff: 0 },
      /was not fully applied/,
      /after backorder switched on for 1 product and off for 0 products\. Save the settings again/,
    ],
    [
      { status: 'applied' as const, from: 5, to: 0, switchedOn: 0, switchedOff: 3 },
      /changed from 5 to 0/,
      /switched on for 0 products and off for 3 products/,
    ],
  ])('says how the last change went: %p', (apply, header, text) => {
    renderWithProviders(
      <SettingsForm
        settings={{ ...settings, switchConditionApply: apply }}
        templates={[]}
        save={jest.fn()}
      />,
    );
    expect(screen.getByText(header)).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
  });
});

describe('the settings page', () => {
  it('follows a new switch condition while it is applied, then says how many products it switched', async () => {
    const apply = { from: 0, to: 5, switchedOn: 2, switchedOff: 0 };
    const answers: Settings[] = [
      settings,
      { ...settings, switchCondition: 5, switchConditionApply: { ...apply, status: 'applying' } },
      {
        ...settings,
        switchCondition: 5,
        switchConditionApply: { ...apply, switchedOn: 3, status: 'applied' },
      },
    ];
    const { impl, calls } = fakeFetch({
      'GET /api/settings': () => [200, answers.length > 1 ? answers.shift() : answers[0]],
      'PUT /api/settings': () => [200, answers.shift()],
      'GET /api/templates': [200, { templates: [] }],
    });
    renderWithProviders(<SettingsPage />, new ApiClient('t', '', impl));
    const level = await screen.findByLabelText(/Switch to backorder at stock level/);
    await userEvent.clear(level);
    await userEvent.type(level, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(
      await screen.findByText('Settings saved. Applying the switch condition to your products…'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Applying the switch condition 5 to your products/)).toBeInTheDocument();
    expect(screen.getByText(/So far backorder switched on for 2 products/)).toBeInTheDocument();
    expect(await screen.findByText(/changed from 0 to 5/, {}, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByText(/switched on for 3 products and off for 0 products/)).toBeInTheDocument();
    // It stops asking once applied (a tick already on its way when the answer came may still land).
    const gets = () => calls.filter((c) => c.method === 'GET' && c.path.includes('/api/settings')).length;
    await act(() => new Promise((r) => setTimeout(r, 200)));
    const asked = gets();
    await act(() => new Promise((r) => setTimeout(r, 1500)));
    expect(gets()).toBe(asked);
  });
});
