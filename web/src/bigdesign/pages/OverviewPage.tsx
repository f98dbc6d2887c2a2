import { Badge, Box, Flex, Grid, H4, Link, Panel, Small, Table, Text } from '@bigcommerce/big-design';
import type { Overview } from '../../api/types';
import { setupSteps, useOverview } from '../../hooks/data';
import { hrefOf, type PageId } from '../../hooks/use-hash-route';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProductName } from '../components/ProductName';
import { StatusBadge } from '../components/StatusBadge';
import { UsageBar } from '../components/UsageBar';

export function OverviewPage() {
  const overview = useOverview({ pollMs: 30_000 });
  if (!overview.data) return <Loading error={overview.error} retry={overview.reload} />;
  const o = overview.data;
  return (
    <>
      <PageHeader title="Overview" />
      <SetupChecklist setup={o.setup} />
      <Grid
        gridColumns={{ mobile: 'repeat(2, 1fr)', tablet: 'repeat(4, 1fr)' }}
        gridGap="1rem"
        marginBottom="medium"
      >
        <Count label="Assigned items" value={o.counts.total} href={hrefOf('products')} />
        <Count label="In stock" value={o.counts.in_stock} href={hrefOf('products', { status: 'in_stock' })} />
        <Count
          label="On backorder"
          value={o.counts.backorder}
          href={hrefOf('products', { status: 'backorder' })}
        />
        <Count
          label="Unavailable"
          value={o.counts.unavailable}
          href={hrefOf('products', { status: 'unavailable' })}
        />
      </Grid>
      <Panel header="Units on backorder, last 30 days">
        <BackorderChart days={o.backorderedByDay} />
      </Panel>
      <Grid gridColumns={{ mobile: '1fr', desktop: '1fr 1fr' }} gridGap="1.5rem">
        <Panel
          header="Nearest to the threshold"
          description="Backorder stops when an item uses up its threshold."
        >
          <Table
            itemName="Items"
            keyField="id"
            items={o.nearestThreshold}
            emptyComponent={<Text>Nothing is selling on backorder yet.</Text>}
            columns={[
              { header: 'Product', hash: 'name', render: (i) => <ProductName name={i.name} sku={i.sku} /> },
              {
                header: 'On backorder',
                hash: 'used',
                render: (i) => <UsageBar used={i.backordered} limit={i.threshold} />,
              },
              { header: 'Status', hash: 'status', render: (i) => <StatusBadge status={i.status} /> },
            ]}
          />
        </Panel>
        <Panel
          header="Next back-in-stock dates"
          description="Backorder stops on these dates (store time zone)."
        >
          <Table
            itemName="Items"
            keyField="id"
            items={o.nextBackInStock}
            emptyComponent={<Text>No back-in-stock dates set.</Text>}
            columns={[
              { header: 'Product', hash: 'name', render: (i) => <ProductName name={i.name} sku={i.sku} /> },
              { header: 'Date', hash: 'date', render: (i) => i.backInStockDate },
              { header: 'Status', hash: 'status', render: (i) => <StatusBadge status={i.status} /> },
            ]}
          />
        </Panel>
      </Grid>
    </>
  );
}

function Count({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <Box backgroundColor="white" shadow="raised" borderRadius="normal" padding="medium">
      <Small marginBottom="xxSmall">{label}</Small>
      <Link href={href} aria-label={`${label}: ${value}`}>
        <span style={{ fontSize: 28, fontWeight: 600, lineHeight: 1.2 }}>{value}</span>
      </Link>
    </Box>
  );
}

export function SetupChecklist({ setup }: { setup: Overview['setup'] }) {
  const steps = setupSteps(setup);
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length)
    return (
      <Panel header="Setup complete" badge={{ label: '4 of 4 done', variant: 'success' }}>
        <Text>Backorder is set up. Products switch by themselves as their stock changes.</Text>
      </Panel>
    );
  return (
    <Panel
      header="Set up Backorder"
      description="Four steps and your out-of-stock products keep selling."
      badge={{ label: `${done} of ${steps.length} done`, variant: done ? 'primary' : 'secondary' }}
    >
      <Box as="ol" aria-label="Setup steps" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {steps.map((s, n) => (
          <Box
            as="li"
            key={s.id}
            paddingVertical="xSmall"
            borderBottom={n < steps.length - 1 ? 'box' : undefined}
            data-step={s.id}
            data-done={s.done}
          >
            <Flex alignItems="center" justifyContent="space-between" flexGap="1rem">
              <Flex alignItems="center" flexGap="0.75rem">
                <Text
                  as="span"
                  aria-hidden="true"
                  style={{ width: 24, fontWeight: 600 }}
                  color={s.done ? 'success' : 'secondary60'}
                >
                  {s.done ? '✓' : `${n + 1}.`}
                </Text>
                <H4 marginBottom="none">{s.title}</H4>
              </Flex>
              <Flex alignItems="center" flexGap="0.75rem">
                {s.done ? (
                  <Badge label="Done" variant="success" />
                ) : (
                  <Badge label="To do" variant="secondary" />
                )}
                <Link href={hrefOf(s.page as PageId)}>
                  {s.done ? 'Review' : 'Start'}
                  <span className="sr-only" style={{ position: 'absolute', left: -9999 }}>
                    {' '}
                    {s.title}
                  </span>
                </Link>
              </Flex>
            </Flex>
          </Box>
        ))}
      </Box>
    </Panel>
  );
}

/** Units on backorder per day as bars; the same figures are in the SVG's title for screen readers. */
export function BackorderChart({ days }: { days: Overview['backorderedByDay'] }) {
  const max = Math.max(1, ...days.map((d) => d.units));
  const w = 720;
  const h = 160;
  const bar = w / Math.max(1, days.length);
  const latest = days[days.length - 1];
  const summary = `Units on backorder per day: ${days.map((d) => `${d.date} ${d.units}`).join(', ')}`;
  return (
    <Box>
      <svg
        viewBox={`0 0 ${w} ${h + 20}`}
        width="100%"
        role="img"
        aria-label={summary}
        style={{ maxHeight: 220 }}
      >
        <title>{summary}</title>
        <line x1={0} y1={h} x2={w} y2={h} stroke="#D9DCE9" />
        <line x1={0} y1={10} x2={w} y2={10} stroke="#ECEEF5" strokeDasharray="4 4" />
        <text x={w} y={8} fontSize={12} fill="#5E637A" textAnchor="end">
          {max} unit{max === 1 ? '' : 's'}
        </text>
        {days.map((d, i) => {
          const bh = Math.round((d.units / max) * (h - 10));
          return (
            <rect
              key={d.date}
              x={i * bar + 2}
              y={h - bh}
              width={Math.max(1, bar - 4)}
              height={bh}
              fill="#3C64F4"
              rx={2}
            >
              <title>{`${d.date}: ${d.units}`}</title>
            </rect>
          );
        })}
        {days.length > 0 && (
          <>
            <text x={0} y={h + 16} fontSize={12} fill="#5E637A">
              {days[0]!.date}
            </text>
            <text x={w} y={h + 16} fontSize={12} fill="#5E637A" textAnchor="end">
              {latest!.date}
            </text>
          </>
        )}
      </svg>
      <Small>
        Today: {latest?.units ?? 0} unit{latest?.units === 1 ? '' : 's'} on backorder · highest in 30 days:{' '}
        {max === 1 && !days.some((d) => d.units) ? 0 : max}
      </Small>
    </Box>
  );
}
