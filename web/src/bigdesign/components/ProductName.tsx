import { Box, Small, Text } from '@bigcommerce/big-design';
import type { ReactNode } from 'react';

/** A product's name over its SKU, as the tables show it; `children` (its variants) go under them. */
export function ProductName(props: { name: string; sku: string; bold?: boolean; children?: ReactNode }) {
  return (
    <Box>
      <Text marginBottom="none" bold={props.bold}>
        {props.name}
      </Text>
      <Small marginBottom="none">SKU {props.sku || '—'}</Small>
      {props.children}
    </Box>
  );
}
