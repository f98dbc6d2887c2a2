import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '../../web/src/api/client';
import type { Settings } from '../../web/src/api/types';
import { SettingsForm } from '../../web/src/bigdesign/pages/SettingsPage';
import { renderWithProviders } from './render';

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
  it('refuses what the server refuses, with the same words, and sends nothing', async () => {
    const save = jest.fn();
    renderWithProviders(<SettingsForm settings={settings} templates={[]} save={save} />);
    const level = screen.getByLabelText(/Switch to backorder at stock level/);
    await userEvent.clear(level);
    await userEvent.type(level, '1.5');
    await userEvent.type(screen.getByLabelText(/Send notifications to/), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('must be a whole number')).toBeInTheDocument();
    expect(screen.getByText('must be an email address')).toBeInTheDocument();
    await userEvent.clear(level);
    await userEvent.type(level, '-2000000');
    expect(await screen.findByText('must be at least -1000000')).toBeInTheDocument();
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
    expect(await screen.findByText('must be an email address')).toBeInTheDocument();
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
});
