import { Modal, Text } from '@bigcommerce/big-design';
import type { Confirmation } from '../../hooks/use-busy';

/**
 * Asks before an action (unassign, delete; or one whose effect needs saying, as `normal`): open while
 * `confirmation` has a target.
 */
export function ConfirmModal<T>(props: {
  confirmation: Confirmation<T>;
  header: string;
  body: string;
  confirmText: string;
  actionType?: 'normal' | 'destructive';
}) {
  const { confirmation } = props;
  return (
    <Modal
      isOpen={confirmation.target !== null}
      header={props.header}
      variant="dialog"
      closeOnEscKey
      closeOnClickOutside
      onClose={confirmation.cancel}
      actions={[
        { text: 'Cancel', variant: 'subtle', onClick: confirmation.cancel },
        {
          text: props.confirmText,
          actionType: props.actionType ?? 'destructive',
          isLoading: confirmation.busy,
          onClick: () => void confirmation.confirm(),
        },
      ]}
    >
      <Text>{props.body}</Text>
    </Modal>
  );
}
