import { Badge } from '@bigcommerce/big-design';
import type { ItemStatus } from '../../api/types';
import { STATUS_LABEL } from '../../hooks/describe';

const VARIANT = { in_stock: 'success', backorder: 'warning', unavailable: 'danger' } as const;

/** The status in words; the colour only repeats it. */
export function StatusBadge({ status }: { status: ItemStatus }) {
  return <Badge label={STATUS_LABEL[status]} variant={VARIANT[status]} data-status={status} />;
}
