import { Checkbox, FormGroup, InlineMessage, Input, Text, Textarea } from '@bigcommerce/big-design';
import { charCount, type FieldSpec } from '../../hooks/fields';
import type { FormState } from '../../hooks/forms';

interface FieldProps<V extends object> {
  form: FormState<V>;
  /** The quick edit's way: the label and the input only, no name, required mark, hint or count. */
  compact?: boolean;
}

/** One labelled field in its FormGroup, drawn from its spec; its error, or what saving it does, under it. */
export function FormField<V extends object>({
  form,
  spec,
  compact,
}: FieldProps<V> & { spec: FieldSpec<Extract<keyof V, string>> }) {
  const { key } = spec;
  const value = form.values[key];
  const set = (next: string | boolean) => form.set(key, next as V[typeof key]);
  if (spec.kind === 'checkbox')
    return (
      <FormGroup>
        <Checkbox
          label={spec.label}
          name={compact ? undefined : key}
          checked={value === true}
          onChange={(e) => set(e.target.checked)}
        />
      </FormGroup>
    );
  const text = String(value);
  const warning = form.warnings[key];
  const common = {
    label: spec.label,
    value: text,
    error: form.errors[key],
    ...(compact
      ? {}
      : {
          name: key,
          required: spec.required,
          description: spec.limit ? charCount(text, spec.limit) : spec.hint,
        }),
  };
  return (
    <FormGroup>
      {spec.kind === 'textarea' ? (
        <Textarea {...common} rows={2} onChange={(e) => set(e.target.value)} />
      ) : (
        <Input
          {...common}
          type={spec.kind === 'text' ? undefined : spec.kind}
          min={spec.min}
          onChange={(e) => set(e.target.value)}
        />
      )}
      {warning && (
        <InlineMessage type="warning" marginTop="xSmall" messages={[{ text: warning }]} role="status" />
      )}
    </FormGroup>
  );
}

/** Fields one after the other (in a Grid, one a column). */
export function FormFields<V extends object>({
  specs,
  ...props
}: FieldProps<V> & { specs: Array<FieldSpec<Extract<keyof V, string>>> }) {
  return (
    <>
      {specs.map((spec) => (
        <FormField key={spec.key} spec={spec} {...props} />
      ))}
    </>
  );
}

/** The server's refusal that no field shows: under the fields, for the whole form. */
export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <Text color="danger" role="alert">
      {error}
    </Text>
  );
}
