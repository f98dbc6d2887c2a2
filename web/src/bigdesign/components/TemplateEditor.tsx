import { Box, Button, Flex, Grid, Panel } from '@bigcommerce/big-design';
import { useCallback } from 'react';
import { STOCK_FIELDS, STOREFRONT_FIELDS, TEMPLATE_FIELDS } from '../../hooks/fields';
import { useForm, validateTemplate, type TemplateValues } from '../../hooks/forms';
import { FormField, FormFields } from './FormField';
import { FormPage } from './FormPage';
import { StorefrontPreview } from './StorefrontPreview';

/** A template's fields in four panels, with the storefront preview beside them. */
export function TemplateEditor(props: {
  initial: TemplateValues;
  title: string;
  onSave: (v: TemplateValues) => Promise<void>;
  onCancel: () => void;
}) {
  const { onSave } = props;
  const submit = useCallback((v: TemplateValues) => onSave(v), [onSave]);
  const form = useForm(props.initial, validateTemplate, submit);

  return (
    <FormPage
      form={form}
      title={props.title}
      actions={
        <Flex flexGap="0.5rem" marginTop="medium">
          <Button type="submit" isLoading={form.saving}>
            Save template
          </Button>
          <Button type="button" variant="subtle" onClick={props.onCancel}>
            Cancel
          </Button>
        </Flex>
      }
    >
      <Grid gridColumns={{ mobile: '1fr', tablet: 'minmax(0, 3fr) minmax(260px, 2fr)' }} gridGap="1.5rem">
        <Box>
          <Panel header="Name">
            <FormFields form={form} specs={[TEMPLATE_FIELDS.name, TEMPLATE_FIELDS.isDefault]} />
          </Panel>
          <Panel header="Storefront" description="What shoppers see while the product is on backorder.">
            <FormFields form={form} specs={STOREFRONT_FIELDS} />
          </Panel>
          <Panel
            header="Stock"
            description="Backorder stops by itself when the threshold is used up or the date is reached."
          >
            <Grid gridColumns={{ mobile: '1fr', tablet: 'repeat(3, 1fr)' }} gridGap="1rem">
              <FormFields form={form} specs={STOCK_FIELDS} />
            </Grid>
          </Panel>
          <Panel header="Packing slip">
            <FormField form={form} spec={TEMPLATE_FIELDS.packingSlipNote} />
          </Panel>
        </Box>
        <Box>
          <StorefrontPreview values={form.values} />
        </Box>
      </Grid>
    </FormPage>
  );
}
