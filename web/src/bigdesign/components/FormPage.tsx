import { Form } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';
import type { FormState } from '../../hooks/forms';
import { FormError } from './FormField';
import { PageHeader } from './PageHeader';

/** A page that is one form: its title (the form's name too), the fields, the form's error, its buttons. */
export function FormPage<V extends object>(props: {
  form: FormState<V>;
  title: string;
  actions: ReactNode;
  children: ReactNode;
}) {
  const { form } = props;
  return (
    <Form
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
      <FormError error={form.formError} />
      {props.actions}
    </Form>
  );
}
