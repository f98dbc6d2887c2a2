import { Flex, InlineMessage, ProgressCircle } from '@bigcommerce/big-design';
import type { ApiError } from '../../api/client';

/** A spinner while loading; the server's reason when loading failed. */
export function Loading({ error, retry }: { error?: ApiError; retry?: () => void }) {
  if (error && error.status !== 401)
    return (
      <InlineMessage
        type="error"
        header="Could not load this page"
        messages={[{ text: error.message }]}
        actions={retry ? [{ text: 'Try again', onClick: retry }] : undefined}
        marginBottom="medium"
      />
    );
  return (
    <Flex justifyContent="center" padding="xLarge">
      <ProgressCircle size="medium" />
    </Flex>
  );
}
