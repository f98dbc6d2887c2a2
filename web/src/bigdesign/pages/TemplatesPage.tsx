import {
  Badge,
  Box,
  Button,
  Checkbox,
  Flex,
  Form,
  FormGroup,
  Grid,
  H2,
  H3,
  Input,
  Panel,
  Small,
  Table,
  Text,
  Textarea,
} from '@bigcommerce/big-design';
import { useCallback, useState } from 'react';
import type { Template } from '../../api/types';
import { LIMITS } from '../../api/limits';
import { useTemplates } from '../../hooks/data';
import {
  EMPTY_TEMPLATE,
  templateInput,
  templateValues,
  useForm,
  validateTemplate,
  type TemplateValues,
} from '../../hooks/forms';
import { toast } from '../alerts';
import { ConfirmModal } from '../components/ConfirmModal';
import { Loading } from '../components/Loading';

export default function TemplatesPage() {
  const templates = useTemplates();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const [reapplying, setReapplying] = useState<Template | null>(null);
  const [busy, setBusy] = useState(false);

  if (!templates.data) return <Loading error={templates.error} retry={templates.reload} />;

  if (editing) {
    const existing = editing === 'new' ? undefined : editing;
    return (
      <TemplateEditor
        initial={
          existing ? templateValues(existing) : { ...EMPTY_TEMPLATE, isDefault: templates.data.length === 0 }
        }
        title={existing ? `Edit “${existing.name}”` : 'New template'}
        onCancel={() => setEditing(null)}
        onSave={async (v) => {
          if (existing) await templates.update(existing.id, templateInput(v));
          else await templates.create(templateInput(v));
          toast.success(
            existing ? `Template “${v.name.trim()}” saved.` : `Template “${v.name.trim()}” created.`,
          );
          setEditing(null);
        }}
      />
    );
  }

  const confirmReapply = async () => {
    if (!reapplying) return;
    setBusy(true);
    try {
      const result = await templates.reapply(reapplying.id);
      const done = result.items - result.refused.length;
      const products = (n: number) => `${n} product${n === 1 ? '' : 's'}`;
      if (result.refused.length === 0) toast.success(`“${reapplying.name}” re-applied to ${products(done)}.`);
      else
        toast.warning(
          `${products(result.refused.length)} kept their values: ${result.refused[0]!.reason}`,
          `“${reapplying.name}” re-applied to ${products(done)}`,
        );
    } catch (err) {
      toast.error(err, 'Could not re-apply the template');
    } finally {
      setBusy(false);
      setReapplying(null);
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    setBusy(true);
    try {
      await templates.remove(deleting.id);
      toast.success(`Template “${deleting.name}” deleted.`);
    } catch (err) {
      toast.error(err, 'Could not delete the template');
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  };

  return (
    <>
      <Flex justifyContent="space-between" alignItems="center" marginBottom="medium">
        <H2 marginBottom="none">Templates</H2>
        <Button onClick={() => setEditing('new')}>Create template</Button>
      </Flex>
      <Panel
        header="Your templates"
        description="A template holds the storefront texts, the backorder limits and the packing-slip note given to the products you assign with it."
      >
        <Table
          itemName="Templates"
          keyField="id"
          items={templates.data}
          emptyComponent={<Text>No templates yet: create one to start assigning products.</Text>}
          columns={[
            {
              header: 'Name',
              hash: 'name',
              render: (t) => (
                <Flex alignItems="center" flexGap="0.5rem">
                  <Text marginBottom="none" bold>
                    {t.name}
                  </Text>
                  {t.isDefault && <Badge label="Default" variant="primary" />}
                </Flex>
              ),
            },
            { header: 'Button text', hash: 'button', render: (t) => t.storefront.buttonText },
            { header: 'Threshold', hash: 'threshold', align: 'right', render: (t) => t.stock.threshold },
            {
              header: 'Back in stock',
              hash: 'date',
              render: (t) =>
                t.stock.backInStockDate && t.stock.backInStockDate !== 'none'
                  ? t.stock.backInStockDate
                  : 'No date',
            },
            {
              header: 'Actions',
              hash: 'actions',
              align: 'right',
              render: (t) => (
                <Flex justifyContent="flex-end" flexGap="0.25rem">
                  <Button variant="subtle" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                    Edit
                  </Button>
                  {!t.isDefault && (
                    <Button
                      variant="subtle"
                      aria-label={`Make ${t.name} the default`}
                      onClick={() =>
                        templates.makeDefault(t.id).then(
                          () => toast.success(`“${t.name}” is now the default template.`),
                          (err) => toast.error(err, 'Could not change the default template'),
                        )
                      }
                    >
                      Set as default
                    </Button>
                  )}
                  <Button
                    variant="subtle"
                    aria-label={`Re-apply ${t.name} to its products`}
                    onClick={() => setReapplying(t)}
                  >
                    Re-apply
                  </Button>
                  <Button
                    variant="subtle"
                    actionType="destructive"
                    aria-label={`Delete ${t.name}`}
                    onClick={() => setDeleting(t)}
                  >
                    Delete
                  </Button>
                </Flex>
              ),
            },
          ]}
        />
      </Panel>
      <ConfirmModal
        isOpen={!!reapplying}
        header="Re-apply template?"
        body={`The threshold, incoming stock, back-in-stock date and texts of “${reapplying?.name ?? ''}” will be copied onto every product it was applied to, replacing changes made to those products since.`}
        confirmText="Re-apply"
        busy={busy}
        onCancel={() => setReapplying(null)}
        onConfirm={() => void confirmReapply()}
      />
      <ConfirmModal
        isOpen={!!deleting}
        header="Delete template?"
        body={`“${deleting?.name ?? ''}” will be deleted for good. A template that products still use cannot be deleted: assign them another template first.`}
        confirmText="Delete template"
        busy={busy}
        onCancel={() => setDeleting(null)}
        onConfirm={() => void confirmDelete()}
      />
    </>
  );
}

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

/** The storefront texts as a shopper would see them, updated as the merchant types. */
export function StorefrontPreview({ values }: { values: TemplateValues }) {
  return (
    <Panel header="Storefront preview" aria-live="polite">
      <Small>Product page</Small>
      <Box border="box" borderRadius="normal" padding="medium" marginBottom="medium">
        <H3 marginBottom="xxSmall">Colombian Supremo, 1 kg</H3>
        <Text marginBottom="small">$24.00</Text>
        {values.productMessage.trim() && (
          <Text color="warning70" marginBottom="small" data-testid="preview-product-message">
            {values.productMessage}
          </Text>
        )}
        <Button
          type="button"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="preview-button"
          style={{ pointerEvents: 'none' }}
        >
          {values.buttonText.trim() || 'Add to cart'}
        </Button>
      </Box>
      <Small>Cart</Small>
      <Box border="box" borderRadius="normal" padding="medium">
        <Flex justifyContent="space-between">
          <Text marginBottom="xxSmall" bold>
            Colombian Supremo, 1 kg × 1
          </Text>
          <Text marginBottom="xxSmall">$24.00</Text>
        </Flex>
        {values.cartMessage.trim() && (
          <Small color="warning70" data-testid="preview-cart-message">
            {values.cartMessage}
          </Small>
        )}
      </Box>
    </Panel>
  );
}
