/** Toasts: BigDesign's alerts manager, one per page. */
import { createAlertsManager } from '@bigcommerce/big-design';

export const alertsManager = createAlertsManager();

export const toast = {
  success(text: string) {
    alertsManager.add({ type: 'success', messages: [{ text }], autoDismiss: true });
  },
  warning(text: string, header?: string) {
    alertsManager.add({ type: 'warning', header, messages: [{ text }], autoDismiss: false });
  },
  error(err: unknown, what?: string) {
    const message = (err as Error)?.message ?? String(err);
    alertsManager.add({ type: 'error', header: what, messages: [{ text: message }], autoDismiss: false });
  },
};
