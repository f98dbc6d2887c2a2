import { Box, ProgressBar, Small } from '@bigcommerce/big-design';

/** Units on backorder against the threshold: a bar and the same figure in words. */
export function UsageBar({ used, limit }: { used: number; limit: number }) {
  const percent = limit > 0 ? Math.min(100, Math.round((used / limit) * 100)) : used > 0 ? 100 : 0;
  const label = `${used} of ${limit} allowed`;
  return (
    <Box
      style={{ minWidth: 90 }}
      role="meter"
      aria-label="Threshold used"
      aria-valuenow={used}
      aria-valuemin={0}
      aria-valuemax={limit}
      aria-valuetext={label}
    >
      <ProgressBar percent={percent} />
      <Small marginTop="xxSmall">{label}</Small>
    </Box>
  );
}
