import { Box, Button, Flex, Grid, InlineMessage, Panel } from '@bigcommerce/big-design';
import { useCallback, useRef } from 'react';
import type { Template } from '../../api/types';
import { startedDateWarning, usedBy } from '../../hooks/describe';
import { STOCK_FIELDS, STOREFRONT_FIELDS, TEMPLATE_FIELDS } from '../../hooks/fields';
import { useForm, validateTemplate, type TemplateValues } from '../../hooks/forms';
import { FormField, FormFields } from './FormField';
import { FormPage } from './FormPage';
import { StorefrontPreview } from './StorefrontPreview';

/**
 * A template's fields in four panels, with the storefront preview beside them. An existing template
 * says how many products it was applied to, and can be saved and re-applied to them in one go.
 */
export function TemplateEditor(props: {
  initial: TemplateValues;
  title: string;
  /** What the template was applied to (an existing template). */
  usage?: Template['usage'];
  /** The store's time zone, which back-in-stock dates are read in (a started date warns). */
  timeZone?: string;
  onSave: (v: TemplateValues, then: { reapply: boolean }) => Promise<void>;
  onCancel: () => void;
}) {
  const { onSave, timeZone } = props;
  const reapply = useRef(false);
  const submit = useCallback((v: TemplateValues) => onSave(v, { reapply: reapply.current }), [onSave]);
  const warn = useCallback(
    (v: TemplateValues) => ({
      backInStockDate: startedDateWarning(v.backInStockDate, timeZone, new Date(), 'template'),
    }),
    [timeZone],
  );
  const form = useForm(props.initial, validateTemplate, submit, { warn });
  const used = props.usage && props.usage.items > 0 ? props.usage : undefined;
  /** The second button's Save: the flag holds for this submit only (Enter in a field is a plain Save). */
  const saveAndReapply = async () => {
    reapply.current = true;
    await form.onSubmit();
    reapply.current = false;
  };

  return (
    <FormPage
      form={form}
      title={props.title}
      actions={
        <Flex flexGap="0.5rem" marginTop="medium" flexWrap="wrap">
          <Button type="submit" isLoading={form.saving}>
            Save template
          </Button>
          {used && (
            <Button
              type="button"
              variant="secondary"
              disabled={form.saving}
              onClick={() => void saveAndReapply()}
            >
              Save and re-apply to {usedBy(used, 'short')}
            </Button>
          )}
          <Button type="button" variant="subtle" onClick={props.onCancel}>
            Cancel
          </Button>
        </Flex>
      }
    >
      {props.usage && (
        <InlineMessage
          marginBottom="medium"
          type="info"
          header={`Used by ${usedBy(props.usage)}`}
          messages={[
            {
              text: used
                ? 'Saving changes this template only: those products keep the values it gave them until you re-apply it. Re-applying copies its threshold, incoming stock, back-in-stock date and texts onto them, replacing changes made to them since.'
                : 'No product uses this template yet: products you assign with it get its values.',
            },
          ]}
        />
      )}
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
            description="Backorder stops by itself when the threshold is used up or the back-in-stock date starts."
          >
            <Grid gridColumns={{ mobile: '1fr', tablet: 'repeat(3, 1fr)' }} gridGap="1rem">
              <FormFields form={form} specs={STOCK_FIELDS} />
            </Grid>
          </Panel>
          <Panel header="Packing slip" description={PACKING_SLIP_NOTE}>
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

/** Where the note goes: the orders side that prints packing slips is not built, so it promises nothing. */
export const PACKING_SLIP_NOTE =
  'Meant for the packing slips of backordered orders, under each backordered item. Backorder does not print packing slips yet: for now the note is kept with each product this template is given to (Products › Edit).';
