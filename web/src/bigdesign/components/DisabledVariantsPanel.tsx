import { Panel, Table, Text } from '@bigcommerce/big-design';
import type { DisabledVariant } from '../../api/types';
import { useBusy } from '../../hooks/use-busy';
import { DISABLED_WORDS as W, type useDisabledVariants } from '../../hooks/use-unassign';
import { toast } from '../alerts';
import { ProductName } from './ProductName';
import { RowAction } from './RowAction';

/** The variants unassigning left with purchase disabled, each with a "Make purchasable" action. */
export function DisabledVariantsPanel(props: {
  disabled: ReturnType<typeof useDisabledVariants>;
  onPageChange: (page: number) => void;
}) {
  const { data, makePurchasable } = props.disabled;
  const making = useBusy<number>(toast.error);
  if (!data || data.total === 0) return null;
  const make = (v: DisabledVariant) =>
    making.run(v.id, `Could not make “${v.name}” purchasable`, async () => {
      await makePurchasable(v.id);
      toast.success(W.done(v.name));
    });
  return (
    <Panel header={W.title} description={W.description}>
      <Table
        itemName="Variants"
        keyField="id"
        items={data.items}
        emptyComponent={<Text>None.</Text>}
        pagination={{
          currentPage: data.page,
          itemsPerPage: data.limit,
          itemsPerPageOptions: [data.limit],
          totalItems: data.total,
          onPageChange: props.onPageChange,
          onItemsPerPageChange: () => undefined,
        }}
        columns={[
          { header: 'Variant', hash: 'name', render: (v) => <ProductName name={v.name} sku={v.sku} /> },
          { header: W.onHand, hash: 'onHand', align: 'right', render: (v) => v.onHand },
          { header: W.onBackorder, hash: 'onBackorder', align: 'right', render: (v) => v.onBackorder },
          {
            header: 'Actions',
            hash: 'actions',
            align: 'right',
            render: (v) => (
              <RowAction label={`Make ${v.name} purchasable`} onClick={() => void make(v)}>
                {making.running === v.id ? 'Making purchasable…' : 'Make purchasable'}
              </RowAction>
            ),
          },
        ]}
      />
    </Panel>
  );
}
