/**
 * Toasts: BigDesign's alerts manager, one per page. A success closes by itself after 5 s (BigDesign's
 * own timer); a warning or an error stays longer, `LASTING_TOAST_MS`, so it can be read, then closes
 * too. Every toast has a close button. Where they show: components/Toasts.tsx.
 */
import { createAlertsManager, type AlertProps } from '@bigcommerce/big-design';

export const alertsManager = createAlertsManager();

/** How long a warning or an error stays before it closes by itself. */
export const LASTING_TOAST_MS = 10_000;

function lasting(alert: AlertProps) {
  const key = alertsManager.add({ ...alert, autoDismiss: false });
  setTimeout(() => alertsManager.remove(key), LASTING_TOAST_MS);
}

export const toast = {
  success(text: string) {
    alertsManager.add({ type: 'success', messages: [{ text }], autoDismiss: true });
  },
  warning(text: string, header?: string) {
    lasting({ type: 'warning', header, messages: [{ text }] });
  },
  error(err: unknown, what?: string) {
    const message = (err as Error)?.message ?? String(err);
    lasting({ type: 'error', header: what, messages: [{ text: message }] });
  },
};
