import { Badge, Button, Flex, Panel, Table, Text } from '@bigcommerce/big-design';
import { useState } from 'react';
import type { Template } from '../../api/types';
import { useStoreTimeZone, useTemplates, type ReapplyResult } from '../../hooks/data';
import { usedBy } from '../../hooks/describe';
import { EMPTY_TEMPLATE, templateInput, templateValues } from '../../hooks/forms';
import { useConfirm } from '../../hooks/use-busy';
import { toast } from '../alerts';
import { ConfirmModal } from '../components/ConfirmModal';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { RowAction } from '../components/RowAction';
import { TemplateEditor } from '../components/TemplateEditor';

const products = (n: number) => `${n} product${n === 1 ? '' : 's'}`;

/** Says what a re-apply did: how many products took the values, and why any kept their own. */
function announceReapply(name: string, result: ReapplyResult) {
  const done = result.items - result.refused.length;
  if (result.refused.length === 0) toast.success(`“${name}” re-applied to ${products(done)}.`);
  else
    toast.warning(
      `${products(result.refused.length)} kept their values: ${result.refused[0]!.reason}`,
      `“${name}” re-applied to ${products(done)}`,
    );
}

export default function TemplatesPage() {
  const templates = useTemplates();
  const { timeZone } = useStoreTimeZone();
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const reapplying = useConfirm(toast.error, 'Could not re-apply the template', async (t: Template) => {
    announceReapply(t.name, await templates.reapply(t.id));
  });
  const deleting = useConfirm(toast.error, 'Could not delete the template', async (t: Template) => {
    await templates.remove(t.id);
    toast.success(`Template “${t.name}” deleted.`);
  });

  if (!templates.data) return <Loading error={templates.error} retry={templates.reload} />;

  if (editing) {
    const existing = editing === 'new' ? undefined : editing;
    return (
      <TemplateEditor
        initial={
          existing ? templateValues(existing) : { ...EMPTY_TEMPLATE, isDefault: templates.data.length === 0 }
        }
        title={existing ? `Edit “${existing.name}”` : 'New template'}
        usage={existing?.usage}
        timeZone={timeZone}
        onCancel={() => setEditing(null)}
        onSave={async (v, then) => {
          const saved = existing
            ? await templates.update(existing.id, templateInput(v))
            : await templates.create(templateInput(v));
          setEditing(null);
          if (!then.reapply) {
            toast.success(existing ? `Template “${saved.name}” saved.` : `Template “${saved.name}” created.`);
            return;
          }
          // Saved by now: a failed re-apply says so, and the list's Re-apply can try again.
          await templates.reapply(saved.id).then(
            (result) => announceReapply(saved.name, result),
            (err) => toast.error(err, `Template “${saved.name}” saved, but not re-applied`),
          );
        }}
      />
    );
  }

  return (
    <>
      <PageHeader
        title="Templates"
        action={<Button onClick={() => setEditing('new')}>Create template</Button>}
      />
      <Panel
        header="Your templates"
        description="A template holds the storefront texts, the backorder limits and the packing-slip note given to the products you assign with it. Editing a template changes no product until you re-apply it."
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
            { header: 'Used by', hash: 'usage', render: (t) => usedBy(t.usage) },
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
                  <RowAction label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                    Edit
                  </RowAction>
                  {!t.isDefault && (
                    <RowAction
                      label={`Make ${t.name} the default`}
                      onClick={() =>
                        templates.makeDefault(t.id).then(
                          () => toast.success(`“${t.name}” is now the default template.`),
                          (err) => toast.error(err, 'Could not change the default template'),
                        )
                      }
                    >
                      Set as default
                    </RowAction>
                  )}
                  <RowAction label={`Re-apply ${t.name} to its products`} onClick={() => reapplying.ask(t)}>
                    Re-apply
                  </RowAction>
                  <RowAction label={`Delete ${t.name}`} destructive onClick={() => deleting.ask(t)}>
                    Delete
                  </RowAction>
                </Flex>
              ),
            },
          ]}
        />
      </Panel>
      <ConfirmModal
        confirmation={reapplying}
        header="Re-apply template?"
        body={`The threshold, incoming stock, back-in-stock date and texts of “${reapplying.target?.name ?? ''}” will be copied onto the ${reapplying.target ? usedBy(reapplying.target.usage) : 'products'} it was applied to, replacing changes made to those products since.`}
        confirmText="Re-apply"
      />
      <ConfirmModal
        confirmation={deleting}
        header="Delete template?"
        body={`“${deleting.target?.name ?? ''}” will be deleted for good. A template that products still use cannot be deleted: assign them another template first.`}
        confirmText="Delete template"
      />
    </>
  );
}
