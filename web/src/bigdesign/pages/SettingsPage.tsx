import { Box, Button, FormGroup, InlineMessage, Panel, Select } from '@bigcommerce/big-design';
import { useCallback, useMemo } from 'react';
import type { Settings } from '../../api/types';
import { useSettings, useTemplates } from '../../hooks/data';
import { switchApplyNotice } from '../../hooks/describe';
import { SETTINGS_FIELDS } from '../../hooks/fields';
import {
  settingsPatch,
  settingsValues,
  useForm,
  validateSettings,
  type SettingsValues,
} from '../../hooks/forms';
import { toast } from '../alerts';
import { FormField, FormFields } from '../components/FormField';
import { FormPage } from '../components/FormPage';
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
      const saved = await save(settingsPatch(v));
      const applying = saved.switchConditionApply?.status === 'applying';
      toast.success(
        applying ? 'Settings saved. Applying the switch condition to your products…' : 'Settings saved.',
      );
    },
    [save],
  );
  const notice = switchApplyNotice(props.settings.switchConditionApply);
  const form = useForm(settingsValues(props.settings), validateSettings, submit);
  const { values, set, errors } = form;
  const zoneOptions = useMemo(() => {
    const all = ZONES.includes(values.timeZone) ? ZONES : [values.timeZone, ...ZONES];
    return all.map((z) => ({ value: z, content: z }));
  }, [values.timeZone]);

  return (
    <FormPage
      form={form}
      title="Settings"
      actions={
        <Box marginTop="medium">
          <Button type="submit" isLoading={form.saving}>
            Save settings
          </Button>
        </Box>
      }
    >
      <Panel
        header="When products switch to backorder"
        description="Backorder switches on for an assigned product when its stock falls to this level or below. Saving a new level applies it now: raising it switches on backorder for every assigned product at or below the new level; lowering it switches off those above it that it had switched on. A switch you set by hand stays as you set it (unless the threshold is used up or the back-in-stock date is reached), and a product with a level of its own keeps it."
      >
        <FormField form={form} spec={SETTINGS_FIELDS.switchCondition} />
        {notice && (
          <InlineMessage
            marginBottom="medium"
            type={notice.type}
            header={notice.header}
            messages={[{ text: notice.text }]}
          />
        )}
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
        <FormFields form={form} specs={[SETTINGS_FIELDS.notifyOwner, SETTINGS_FIELDS.ownerEmail]} />
      </Panel>
      <Panel header="Store">
        <FormGroup>
          <Select
            label="Time zone"
            description="Backorder stops when a back-in-stock date starts (00:00) in this time zone, and Activity shows its times in it."
            name="timeZone"
            filterable
            value={values.timeZone}
            error={errors.timeZone}
            options={zoneOptions}
            onOptionChange={(z) => z && set('timeZone', z)}
          />
        </FormGroup>
        <FormField form={form} spec={SETTINGS_FIELDS.autoAssignNewProducts} />
      </Panel>
    </FormPage>
  );
}
