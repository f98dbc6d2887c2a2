import { Modal, Text } from '@bigcommerce/big-design';

/** Asks before a destructive action (unassign, delete). */
export function ConfirmModal(props: {
  isOpen: boolean;
  header: string;
  body: string;
  confirmText: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      isOpen={props.isOpen}
      header={props.header}
      variant="dialog"
      closeOnEscKey
      closeOnClickOutside
      onClose={props.onCancel}
      actions={[
        { text: 'Cancel', variant: 'subtle', onClick: props.onCancel },
        {
          text: props.confirmText,
          actionType: 'destructive',
          isLoading: props.busy,
          onClick: props.onConfirm,
        },
      ]}
    >
      <Text>{props.body}</Text>
    </Modal>
  );
}
