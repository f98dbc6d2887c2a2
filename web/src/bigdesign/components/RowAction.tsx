import { Button } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

/** A table row's button: quiet, red when it destroys; `label` names the row for screen readers. */
export function RowAction(props: {
  label: string;
  destructive?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <Button
      variant="subtle"
      actionType={props.destructive ? 'destructive' : undefined}
      aria-label={props.label}
      onClick={props.onClick}
    >
      {props.children}
    </Button>
  );
}
