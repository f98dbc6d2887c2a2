import {
  Box,
  Flex,
  Grid,
  Modal,
  Small,
  Switch,
  Table,
  Text,
  type TableSortDirection,
} from '@bigcommerce/big-design';
import { useCallback, useState } from 'react';
import type { Item, ItemPage, ItemPatch, ItemQuery, ItemSort } from '../../api/types';
import { ITEM_TEXT_FIELDS, STOCK_FIELDS } from '../../hooks/fields';
import {
  itemEditValues,
  itemPatchOf,
  useForm,
  validateItemEdit,
  type ItemEditValues,
} from '../../hooks/forms';
import { useStoreTimeZone } from '../../hooks/data';
import { manualOnNotice, searchCapped, startedDateWarning } from '../../hooks/describe';
import { useBusy, useConfirm } from '../../hooks/use-busy';
import { toast } from '../alerts';
import { ConfirmModal } from './ConfirmModal';
import { FormError, FormFields } from './FormField';
import { ProductName } from './ProductName';
import { RowAction } from './RowAction';
import { StatusBadge } from './StatusBadge';
import { UsageBar } from './UsageBar';

const SORTABLE: ItemSort[] = ['name', 'sku', 'stock', 'status', 'backInStockDate'];

/**
 * The items table: on hand (and incoming), on backorder (of the threshold), sellable, date, status,
 * the enable switch, edit.
 */
export function ItemsTable(props: {
  page: ItemPage;
  query: ItemQuery;
  onQueryChange: (patch: Partial<ItemQuery>) => void;
  update: (id: number, patch: ItemPatch) => Promise<Item>;
}) {
  const { page, query, onQueryChange, update } = props;
  const [editing, setEditing] = useState<Item | null>(null);
  const toggling = useBusy<number>(toast.error);

  const toggle = (item: Item, enabled: boolean) =>
    toggling.run(
      item.id,
      `Could not switch backorder ${enabled ? 'on' : 'off'} for “${item.name}”`,
      async () => {
        await update(item.id, { enabled });
        toast.success(`Backorder ${enabled ? 'switched on' : 'switched off'} for “${item.name}”.`);
      },
    );
  // Switching on a product still in stock changes little at first: it is said before it is done.
  const switchingOn = useConfirm(toast.error, 'Could not switch backorder on', (item: Item) =>
    toggle(item, true),
  );
  const onNotice = switchingOn.target ? manualOnNotice(switchingOn.target) : null;
  const askOrToggle = (item: Item, enabled: boolean) =>
    enabled && manualOnNotice(item) ? switchingOn.ask(item) : void toggle(item, enabled);

  return (
    <>
      {page.totalCapped && (
        <Small role="status" marginBottom="small">
          {searchCapped(page.total)}
        </Small>
      )}
      <Table
        itemName="Products"
        keyField="id"
        items={page.items}
        emptyComponent={<Text>No assigned products match. Assign products to see them here.</Text>}
        sortable={{
          columnHash: query.sort,
          direction: query.direction === 'asc' ? 'ASC' : 'DESC',
          onSort: (hash: string, direction: TableSortDirection) =>
            onQueryChange({
              sort: hash as ItemSort,
              direction: direction === 'ASC' ? 'asc' : 'desc',
              page: 1,
            }),
        }}
        pagination={{
          currentPage: page.page,
          itemsPerPage: page.limit,
          itemsPerPageOptions: [25, 50, 100],
          totalItems: page.total,
          onPageChange: (p) => onQueryChange({ page: p }),
          onItemsPerPageChange: (limit) => onQueryChange({ limit, page: 1 }),
        }}
        columns={[
          {
            header: 'Product',
            hash: 'name',
            width: '26%',
            isSortable: SORTABLE.includes('name'),
            render: (i) => <ProductName name={i.name} sku={i.sku} bold />,
          },
          // Three labelled figures, never the signed stock: the shelf, what is owed, what the store sells.
          // Units coming go with the shelf they will be on (one column less on a laptop's frame).
          {
            header: 'On hand',
            hash: 'stock',
            isSortable: true,
            align: 'right',
            render: (i) => (
              <Box>
                <Text marginBottom="none">{i.onHand}</Text>
                {i.incomingStock > 0 && <Small marginBottom="none">+{i.incomingStock} incoming</Small>}
              </Box>
            ),
          },
          {
            header: 'On backorder',
            hash: 'threshold',
            render: (i) => <UsageBar used={i.backordered} limit={i.threshold} />,
          },
          { header: 'Sellable', hash: 'sellable', align: 'right', render: (i) => i.sellable },
          {
            header: 'Back in stock',
            hash: 'backInStockDate',
            isSortable: true,
            render: (i) => i.backInStockDate ?? '—',
          },
          {
            header: 'Status',
            hash: 'status',
            isSortable: true,
            render: (i) => <StatusBadge status={i.status} />,
          },
          {
            header: 'Backorder',
            hash: 'enabled',
            render: (i) => (
              <Flex alignItems="center" flexGap="0.5rem">
                <Switch
                  aria-label={`Backorder for ${i.name}`}
                  checked={i.enabled}
                  disabled={toggling.running === i.id}
                  onChange={(e) => askOrToggle(i, e.target.checked)}
                />
                <Small marginBottom="none">{i.enabled ? 'On' : 'Off'}</Small>
              </Flex>
            ),
          },
          {
            header: 'Actions',
            hash: 'actions',
            hideHeader: true,
            align: 'right',
            render: (i) => (
              <RowAction label={`Edit ${i.name}`} onClick={() => setEditing(i)}>
                Edit
              </RowAction>
            ),
          },
        ]}
      />
      <ConfirmModal
        confirmation={switchingOn}
        header={onNotice?.header ?? ''}
        body={onNotice?.body ?? ''}
        confirmText="Switch on"
        actionType="normal"
      />
      {editing && (
        <ItemEditModal
          item={editing}
          onClose={() => setEditing(null)}
          save={async (patch) => {
            await update(editing.id, patch);
            toast.success(`“${editing.name}” saved.`);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}

/** Edits one item's limits and storefront texts; the server's refusal shows on its field. */
export function ItemEditModal(props: {
  item: Item;
  onClose: () => void;
  save: (patch: ItemPatch) => Promise<void>;
}) {
  const { item, onClose, save: send } = props;
  const hasTexts = item.texts !== undefined;
  const validate = useCallback((v: ItemEditValues) => validateItemEdit(v, hasTexts), [hasTexts]);
  const submit = useCallback(
    async (v: ItemEditValues) => {
      const patch = itemPatchOf(item, v);
      if (Object.keys(patch).length === 0) return onClose();
      await send(patch);
    },
    [item, onClose, send],
  );
  const { timeZone } = useStoreTimeZone();
  const warn = useCallback(
    (v: ItemEditValues) => ({
      backInStockDate: startedDateWarning(v.backInStockDate, timeZone, new Date(), 'item'),
    }),
    [timeZone],
  );
  const form = useForm(itemEditValues(item), validate, submit, { warn });
  const save = () => form.onSubmit();

  return (
    <Modal
      isOpen
      header={`Edit “${item.name}”`}
      closeOnEscKey
      onClose={props.onClose}
      actions={[
        { text: 'Cancel', variant: 'subtle', onClick: props.onClose },
        { text: 'Save', isLoading: form.saving, onClick: () => void save() },
      ]}
    >
      <form
        aria-label={`Edit ${item.name}`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Grid gridColumns="repeat(3, 1fr)" gridGap="1rem">
          <FormFields form={form} specs={STOCK_FIELDS} compact />
        </Grid>
        {hasTexts && <FormFields form={form} specs={ITEM_TEXT_FIELDS} compact />}
        <FormError error={form.formError} />
        <button type="submit" hidden />
      </form>
    </Modal>
  );
}
