import { Badge, Box, Button, Flex, Panel, Select, Small, Table, Text } from '@bigcommerce/big-design';
import { useMemo, useState } from 'react';
import { LIMITS } from '../../api/limits';
import { NOT_TRACKED_WORDS, type CatalogProduct } from '../../api/types';
import { useCatalog, useTemplates } from '../../hooks/data';
import { useBusy } from '../../hooks/use-busy';
import { useDisabledVariants, useUnassign } from '../../hooks/use-unassign';
import { toast } from '../alerts';
import { DisabledVariantsPanel } from '../components/DisabledVariantsPanel';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProductName } from '../components/ProductName';
import { RowAction } from '../components/RowAction';
import { SearchForm } from '../components/SearchForm';
import { UnassignDialog } from '../components/UnassignDialog';

const PAGE_SIZE = LIMITS.catalogPage;
/** What one assignment request takes (the server refuses more). */
const MAX_ASSIGN = LIMITS.assignBatch;
/** A product whose inventory the store does not track cannot be assigned (the app never changes that). */
const untracked = (p: CatalogProduct) => p.inventoryTracking === 'none';

export default function AssignPage() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const catalog = useCatalog(q, page);
  const templates = useTemplates();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // The merchant's pick, else the default template (derived, not copied into state by an effect).
  const [chosenTemplate, setTemplateId] = useState<number>();
  const templateId = chosenTemplate ?? (templates.data?.find((t) => t.isDefault) ?? templates.data?.[0])?.id;
  const tooMany = selected.size > MAX_ASSIGN;
  const assigning = useBusy(toast.error);
  const [disabledPage, setDisabledPage] = useState(1);
  const disabled = useDisabledVariants(disabledPage);
  const unassign = useUnassign(toast.error, async (message) => {
    await Promise.all([catalog.reload(), disabled.reload()]);
    toast.success(message);
  });
  // Untracked products ticked: kept out of the selection, and the page says why.
  const [refused, setRefused] = useState<string[]>([]);

  const products = useMemo(() => catalog.data?.products ?? [], [catalog.data]);
  const selectedItems = products.filter((p) => selected.has(p.id));

  const assign = () =>
    assigning.run(true, 'Could not assign the products', async () => {
      const ids = [...selected];
      await catalog.assign(ids, templateId);
      const template = templates.data?.find((t) => t.id === templateId);
      toast.success(
        `${ids.length} product${ids.length === 1 ? '' : 's'} assigned${template ? ` with “${template.name}”` : ''}.`,
      );
      setSelected(new Set());
    });

  const noTemplates = templates.data !== undefined && templates.data.length === 0;

  return (
    <>
      <PageHeader title="Assign products" />
      <Panel
        header="Search your catalog"
        description="Tick the products that may sell on backorder and assign them with a template. Products with options are tracked per variant."
      >
        <SearchForm
          label="Search products"
          onSearch={(text) => {
            setPage(1);
            setQ(text);
          }}
        />
        <Flex flexGap="0.5rem" alignItems="flex-end" flexWrap="wrap" marginTop="medium">
          <Box style={{ flex: '0 1 320px' }}>
            <Select
              label="Template"
              placeholder={noTemplates ? 'Create a template first' : 'Choose a template'}
              disabled={noTemplates}
              value={templateId}
              options={(templates.data ?? []).map((t) => ({
                value: t.id,
                content: t.isDefault ? `${t.name} (default)` : t.name,
              }))}
              onOptionChange={(id) => setTemplateId(id)}
            />
          </Box>
          <Button
            disabled={selected.size === 0 || noTemplates || tooMany}
            isLoading={assigning.busy}
            onClick={() => void assign()}
          >
            {selected.size === 0 ? 'Assign selected' : `Assign ${selected.size} selected`}
          </Button>
          {refused.length > 0 && (
            <Text color="warning" marginBottom="none">
              {refused.map((n) => `“${n}”`).join(', ')} cannot be assigned: {NOT_TRACKED_WORDS.why}
            </Text>
          )}
          {tooMany && (
            <Text color="danger" marginBottom="none">
              At most {MAX_ASSIGN} products at a time: untick {selected.size - MAX_ASSIGN}.
            </Text>
          )}
        </Flex>
      </Panel>
      <Panel header="Products">
        {!catalog.data ? (
          <Loading error={catalog.error} retry={catalog.reload} />
        ) : (
          <Table
            itemName="Products"
            keyField="id"
            items={products}
            selectable={{
              selectedItems,
              onSelectionChange: (items) => {
                const onPage = new Set(products.map((p) => p.id));
                const next = new Set([...selected].filter((id) => !onPage.has(id)));
                for (const i of items) if (!untracked(i)) next.add(i.id);
                setSelected(next);
                setRefused(items.filter(untracked).map((p) => p.name));
              },
            }}
            emptyComponent={<Text>No products match “{q}”.</Text>}
            pagination={{
              currentPage: catalog.data.page,
              itemsPerPage: PAGE_SIZE,
              itemsPerPageOptions: [PAGE_SIZE],
              totalItems: catalog.data.total,
              onPageChange: setPage,
              onItemsPerPageChange: () => undefined,
            }}
            columns={[
              {
                header: 'Product',
                hash: 'name',
                render: (p) => (
                  <ProductName name={p.name} sku={p.sku} bold>
                    {p.variants.length > 1 && (
                      <Box
                        as="ul"
                        aria-label={`Variants of ${p.name}`}
                        style={{ margin: '4px 0 0', paddingLeft: 18 }}
                      >
                        {p.variants.map((v) => (
                          <li key={v.id}>
                            <Small marginBottom="none">
                              {v.label || 'Base'} · SKU {v.sku || '—'} · sellable {v.inventoryLevel}
                            </Small>
                          </li>
                        ))}
                      </Box>
                    )}
                  </ProductName>
                ),
              },
              {
                header: 'Tracking',
                hash: 'tracking',
                render: (p) =>
                  p.inventoryTracking === 'none'
                    ? 'Not tracked'
                    : p.inventoryTracking === 'variant'
                      ? `${p.variants.length} variants`
                      : 'Product',
              },
              {
                // The platform's level: what the store sells (on hand, plus any backorder room).
                header: 'Sellable',
                hash: 'stock',
                align: 'right',
                // A product whose inventory is not tracked sells without limit: its level means nothing.
                render: (p) =>
                  p.inventoryTracking === 'none'
                    ? 'No limit'
                    : p.inventoryTracking === 'variant'
                      ? p.variants.reduce((n, v) => n + v.inventoryLevel, 0)
                      : p.inventoryLevel,
              },
              {
                header: 'Backorder',
                hash: 'assigned',
                render: (p) =>
                  p.assigned ? (
                    <Badge label="Assigned" variant="success" />
                  ) : untracked(p) ? (
                    <Box>
                      <Badge label={NOT_TRACKED_WORDS.label} variant="warning" />
                      <Small marginBottom="none">{NOT_TRACKED_WORDS.why}</Small>
                    </Box>
                  ) : (
                    <Badge label="Not assigned" variant="secondary" />
                  ),
              },
              {
                header: 'Actions',
                hash: 'actions',
                align: 'right',
                render: (p) =>
                  p.assigned ? (
                    <RowAction label={`Unassign ${p.name}`} destructive onClick={() => unassign.ask(p)}>
                      Unassign
                    </RowAction>
                  ) : null,
              },
            ]}
          />
        )}
      </Panel>
      <DisabledVariantsPanel disabled={disabled} onPageChange={setDisabledPage} />
      <UnassignDialog unassign={unassign} />
    </>
  );
}
