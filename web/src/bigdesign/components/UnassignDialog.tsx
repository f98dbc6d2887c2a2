import { Checkbox, Modal, Small, Table, Text } from '@bigcommerce/big-design';
import { UNASSIGN_WORDS as W, type useUnassign } from '../../hooks/use-unassign';
import { Loading } from './Loading';

/**
 * The unassign question: each variant with its units on hand and on backorder and what will happen to
 * it, and the merchant's choice for the in-stock ones (off by default: purchase disabled on all).
 */
export function UnassignDialog({ unassign }: { unassign: ReturnType<typeof useUnassign> }) {
  const { target, rows } = unassign;
  return (
    <Modal
      isOpen={target !== null}
      header={target ? W.title(target.name) : ''}
      variant="dialog"
      closeOnEscKey
      closeOnClickOutside
      onClose={unassign.cancel}
      actions={[
        { text: 'Cancel', variant: 'subtle', onClick: unassign.cancel },
        {
          text: 'Unassign',
          actionType: 'destructive',
          disabled: !rows,
          isLoading: unassign.busy,
          onClick: () => void unassign.confirm(),
        },
      ]}
    >
      <Text>{W.intro}</Text>
      {!rows ? (
        <Loading error={unassign.error} retry={() => void unassign.retry()} />
      ) : (
        <>
          <Table
            itemName="Variants"
            keyField="itemId"
            items={rows}
            columns={[
              { header: 'Variant', hash: 'name', render: (v) => `${v.name}${v.sku ? ` (${v.sku})` : ''}` },
              { header: W.columns.onHand, hash: 'onHand', align: 'right', render: (v) => v.onHand },
              {
                header: W.columns.onBackorder,
                hash: 'onBackorder',
                align: 'right',
                render: (v) => v.onBackorder,
              },
              { header: W.columns.outcome, hash: 'outcome', render: (v) => v.outcome },
            ]}
          />
          <Checkbox
            label={W.keepLabel}
            checked={unassign.keepInStock}
            disabled={!unassign.canKeep}
            onChange={(e) => unassign.setKeepInStock(e.target.checked)}
          />
          <Small marginTop="xSmall">{unassign.keepInStock ? W.keepHelp : W.defaultHelp}</Small>
        </>
      )}
    </Modal>
  );
}
