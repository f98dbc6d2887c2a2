import { Box, Button, Flex, H3, Panel, Small, Text } from '@bigcommerce/big-design';
import type { TemplateValues } from '../../hooks/forms';

/** The storefront texts as a shopper would see them, updated as the merchant types. */
export function StorefrontPreview({ values }: { values: TemplateValues }) {
  return (
    <Panel header="Storefront preview" aria-live="polite">
      <Small>Product page</Small>
      <Box border="box" borderRadius="normal" padding="medium" marginBottom="medium">
        <H3 marginBottom="xxSmall">Colombian Supremo, 1 kg</H3>
        <Text marginBottom="small">$24.00</Text>
        {values.productMessage.trim() && (
          <Text color="warning70" marginBottom="small" data-testid="preview-product-message">
            {values.productMessage}
          </Text>
        )}
        <Button
          type="button"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="preview-button"
          style={{ pointerEvents: 'none' }}
        >
          {values.buttonText.trim() || 'Add to cart'}
        </Button>
      </Box>
      <Small>Cart</Small>
      <Box border="box" borderRadius="normal" padding="medium">
        <Flex justifyContent="space-between">
          <Text marginBottom="xxSmall" bold>
            Colombian Supremo, 1 kg × 1
          </Text>
          <Text marginBottom="xxSmall">$24.00</Text>
        </Flex>
        {values.cartMessage.trim() && (
          <Small color="warning70" data-testid="preview-cart-message">
            {values.cartMessage}
          </Small>
        )}
      </Box>
    </Panel>
  );
}
