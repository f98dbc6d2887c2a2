import {
  Box,
  Button,
  Checkbox,
  Flex,
  Form,
  FormGroup,
  Grid,
  H2,
  Input,
  Panel,
  Text,
  Textarea,
} from '@bigcommerce/big-design';
import { useCallback } from 'react';
import { LIMITS } from '../../api/limits';
import { useForm, validateTemplate, type TemplateValues } from '../../hooks/forms';
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
  const { values: v, set, errors } = form;
  const counter = (value: string, max: number) => `${value.trim().length}/${max}`;

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
      <H2>{props.title}</H2>
      <Grid gridColumns={{ mobile: '1fr', tablet: 'minmax(0, 3fr) minmax(260px, 2fr)' }} gridGap="1.5rem">
        <Box>
          <Panel header="Name">
            <FormGroup>
              <Input
                label="Template name"
                name="name"
                required
                value={v.name}
                error={errors.name}
                description={counter(v.name, LIMITS.templateName)}
                onChange={(e) => set('name', e.target.value)}
              />
            </FormGroup>
            <FormGroup>
              <Checkbox
                label="Use as the default template"
                checked={v.isDefault}
                onChange={(e) => set('isDefault', e.target.checked)}
              />
            </FormGroup>
          </Panel>
          <Panel header="Storefront" description="What shoppers see while the product is on backorder.">
            <FormGroup>
              <Input
                label="Button text"
                name="buttonText"
                required
                value={v.buttonText}
                error={errors.buttonText}
                description={counter(v.buttonText, LIMITS.buttonText)}
                onChange={(e) => set('buttonText', e.target.value)}
              />
            </FormGroup>
            <FormGroup>
              <Textarea
                label="Product page message"
                name="productMessage"
                rows={2}
                value={v.productMessage}
                error={errors.productMessage}
                description={counter(v.productMessage, LIMITS.productMessage)}
                onChange={(e) => set('productMessage', e.target.value)}
              />
            </FormGroup>
            <FormGroup>
              <Textarea
                label="Cart message"
                name="cartMessage"
                rows={2}
                value={v.cartMessage}
                error={errors.cartMessage}
                description={counter(v.cartMessage, LIMITS.cartMessage)}
                onChange={(e) => set('cartMessage', e.target.value)}
              />
            </FormGroup>
          </Panel>
          <Panel
            header="Stock"
            description="Backorder stops by itself when the threshold is used up or the date is reached."
          >
            <Grid gridColumns={{ mobile: '1fr', tablet: 'repeat(3, 1fr)' }} gridGap="1rem">
              <FormGroup>
                <Input
                  label="Threshold (units)"
                  name="threshold"
                  type="number"
                  required
                  min={0}
                  value={v.threshold}
                  error={errors.threshold}
                  onChange={(e) => set('threshold', e.target.value)}
                />
              </FormGroup>
              <FormGroup>
                <Input
                  label="Incoming stock"
                  name="incomingStock"
                  type="number"
                  min={0}
                  value={v.incomingStock}
                  error={errors.incomingStock}
                  onChange={(e) => set('incomingStock', e.target.value)}
                />
              </FormGroup>
              <FormGroup>
                <Input
                  label="Back-in-stock date"
                  name="backInStockDate"
                  type="date"
                  description="Optional"
                  value={v.backInStockDate}
                  error={errors.backInStockDate}
                  onChange={(e) => set('backInStockDate', e.target.value)}
                />
              </FormGroup>
            </Grid>
          </Panel>
          <Panel header="Packing slip">
            <FormGroup>
              <Textarea
                label="Packing slip note"
                name="packingSlipNote"
                rows={2}
                value={v.packingSlipNote}
                error={errors.packingSlipNote}
                description={counter(v.packingSlipNote, LIMITS.packingSlipNote)}
                onChange={(e) => set('packingSlipNote', e.target.value)}
              />
            </FormGroup>
          </Panel>
        </Box>
        <Box>
          <StorefrontPreview values={v} />
        </Box>
      </Grid>
      {form.formError && (
        <Text color="danger" role="alert">
          {form.formError}
        </Text>
      )}
      <Flex flexGap="0.5rem" marginTop="medium">
        <Button type="submit" isLoading={form.saving}>
          Save template
        </Button>
        <Button type="button" variant="subtle" onClick={props.onCancel}>
          Cancel
        </Button>
      </Flex>
    </Form>
  );
}
