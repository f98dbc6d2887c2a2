import { Flex, H2 } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

/** A page's title, with the page's main action on its right when it has one. */
export function PageHeader({ title, action }: { title: string; action?: ReactNode }) {
  if (!action) return <H2>{title}</H2>;
  return (
    <Flex justifyContent="space-between" alignItems="center" marginBottom="medium">
      <H2 marginBottom="none">{title}</H2>
      {action}
    </Flex>
  );
}
