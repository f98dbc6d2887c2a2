import {
  Box,
  Button,
  Checkbox,
  Form,
  FormGroup,
  H2,
  Input,
  Panel,
  Select,
  Text,
} from '@bigcommerce/big-design';
import { useCallback, useMemo } from 'react';
import type { Settings } from '../../api/types';
import { useSettings, useTemplates } from '../../hooks/data';
import {
  settingsPatch,
  settingsValues,
  useForm,
  validateSettings,
  type SettingsValues,
} from '../../hooks/forms';
import { toast } from '../alerts';
import { Loading } from '../components/Loading';

export function SettingsPage() {
  const settings = useSettings();
  const templates = useTemplates();
  if (!settings.data) return <Loading error={settings.error} retry={settings.reload} />;
  return <SettingsForm settings={settings.data} templates={templates.data ?? []} save={settings.save} />;
}

const ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

export function SettingsForm(props: {
  settings: Settings;
  templates: Array<{ id: number; name: string }>;
  save: (patch: Partial<Settings>) => Promise<Settings>;
}) {
  const { save } = props;
  const submit = useCallback(
    async (v: SettingsValues) => {
      await save(settingsPatch(v));
      toast.success('Settings saved.');
    },
    [save],
  );
  const form = useForm(settingsValues(props.settings), validateSettings, submit);
  const { values, set, errors } = form;
  const zoneOptions = useMemo(() => {
    const all = ZONES.includes(values.timeZone) ? ZONES : [values.timeZone, ...ZONES];
    return all.map((z) => ({ value: z, content: z }));
  }, [values.timeZone]);

  return (
    <Form
      fullWidth
      noValidate
      aria-label="Settings"
      onSubmit={(e) => {
        e.preventDefault();
        void form.onSubmit();
      }}
    >
      <H2>Settings</H2>
      <Panel
        header="When products switch to backorder"
        description="Backorder switches on for an assigned product when its stock falls to this level or below, and off again when stock comes back."
      >
        <FormGroup>
          <Input
            label="Switch to backorder at stock level"
            description="0 means “when the last unit is sold”. A negative number lets stock go below zero first."
            type="number"
            name="switchCondition"
            required
            value={values.switchCondition}
            error={errors.switchCondition}
            onChange={(e) => set('switchCondition', e.target.value)}
          />
        </FormGroup>
        <FormGroup>
          <Select
            label="Default template"
            description="Used when you assign products without choosing a template."
            name="defaultTemplateId"
            placeholder={props.templates.length ? 'Choose a template' : 'Create a template first'}
            disabled={props.templates.length === 0}
            value={props.settings.defaultTemplateId ?? undefined}
            options={props.templates.map((t) => ({ value: t.id, content: t.name }))}
            onOptionChange={(id) => {
              if (id === undefined) return;
              save({ defaultTemplateId: id }).then(
                () => toast.success('Default template changed.'),
                (err) => toast.error(err, 'Could not change the default template'),
              );
            }}
          />
        </FormGroup>
      </Panel>
      <Panel header="Notifications">
        <FormGroup>
          <Checkbox
            label="Email me when backorder switches on or off for a product"
            name="notifyOwner"
            checked={values.notifyOwner}
            onChange={(e) => set('notifyOwner', e.target.checked)}
          />
        </FormGroup>
        <FormGroup>
          <Input
            label="Send notifications to"
            description="Leave empty to use the store owner’s email."
            type="email"
            name="ownerEmail"
            value={values.ownerEmail}
            error={errors.ownerEmail}
            onChange={(e) => set('ownerEmail', e.target.value)}
          />
        </FormGroup>
      </Panel>
      <Panel header="Store">
        <FormGroup>
          <Select
            label="Time zone"
            description="Back-in-stock dates end at midnight in this time zone."
            name="timeZone"
            filterable
            value={values.timeZone}
            error={errors.timeZone}
            options={zoneOptions}
            onOptionChange={(z) => z && set('timeZone', z)}
          />
        </FormGroup>
        <FormGroup>
          <Checkbox
            label="Assign new products automatically (with the default template)"
            name="autoAssignNewProducts"
            checked={values.autoAssignNewProducts}
            onChange={(e) => set('autoAssignNewProducts', e.target.checked)}
          />
        </FormGroup>
      </Panel>
      {form.formError && (
        <Text color="danger" role="alert">
          {form.formError}
        </Text>
      )}
      <Box marginTop="medium">
        <Button type="submit" isLoading={form.saving}>
          Save settings
        </Button>
      </Box>
    </Form>
  );
}
