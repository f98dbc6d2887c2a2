import { Box, Form, Text } from '@bigcommerce/big-design';
import { useEffect, useRef, type ReactNode } from 'react';
import type { FormState } from '../../hooks/forms';
import { PageHeader } from './PageHeader';
import { useToastClearance } from './Toasts';

/**
 * A page that is one form: its title (the form's name too), the fields, then its buttons in a bar that
 * stays at the bottom of the view. A Save that fails says why at the buttons, in whole sentences, and
 * brings the first field with a problem into view (its own sentence under it) and focuses it.
 */
export function FormPage<V extends object>(props: {
  form: FormState<V>;
  title: string;
  actions: ReactNode;
  children: ReactNode;
}) {
  const { form } = props;
  const formRef = useRef<HTMLFormElement>(null);
  const barRef = useRef<HTMLDivElement>(null);
  useToastClearance(barRef);
  const first = form.problems[0]?.key;
  const { failedSubmits } = form;
  useEffect(() => {
    if (failedSubmits > 0 && first !== undefined) showField(formRef.current, String(first));
    // Only after a Save (not while the merchant types a fix), so `first` is read, not watched.
  }, [failedSubmits]);
  return (
    <Form
      ref={formRef}
      fullWidth
      noValidate
      aria-label={props.title}
      onSubmit={(e) => {
        e.preventDefault();
        void form.onSubmit();
      }}
    >
      <PageHeader title={props.title} />
      {props.children}
      <Box
        ref={barRef}
        backgroundColor="white"
        shadow="floating"
        paddingHorizontal="medium"
        paddingBottom="medium"
        marginTop="medium"
        style={{ position: 'sticky', bottom: 0, zIndex: 1 }}
        data-testid="form-actions"
      >
        <SaveProblems form={form} />
        {props.actions}
      </Box>
    </Form>
  );
}

/** Why the last Save did not save, at its button: each field's sentence, or the server's reason. */
function SaveProblems<V extends object>({ form }: { form: FormState<V> }) {
  const { problems, formError } = form;
  if (problems.length === 0 && !formError) return null;
  return (
    <Box paddingTop="medium" role="alert">
      {problems.length > 1 && (
        <Text color="danger" bold marginBottom="xxSmall">
          Not saved: {problems.length} fields need a fix.
        </Text>
      )}
      {problems.map((p) => (
        <Text key={String(p.key)} color="danger" marginBottom="xxSmall">
          {problems.length === 1 ? `Not saved. ${p.text}` : p.text}
        </Text>
      ))}
      {problems.length === 0 && formError && (
        <Text color="danger" marginBottom="none">
          Not saved. {formError}
        </Text>
      )}
    </Box>
  );
}

/** Scrolls a field into the middle of the view and focuses it (without scrolling again). */
function showField(form: HTMLFormElement | null, name: string) {
  const field = form?.querySelector<HTMLElement>(`[name="${name}"]`);
  if (!field) return;
  field.scrollIntoView({ block: 'center' });
  field.focus({ preventScroll: true });
}
