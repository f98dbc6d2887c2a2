import { Box, Button, Flex, Panel, Select, Small, Table, Text } from '@bigcommerce/big-design';
import { useEffect, useState } from 'react';
import type { ActivityEvent } from '../../api/types';
import { formatInZone } from '../../hooks/dates';
import { describeActor, describeChange, EVENT_LABEL } from '../../hooks/describe';
import { useEvents, useStoreTimeZone } from '../../hooks/data';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';

export default function ActivityPage() {
  const [type, setType] = useState<string>('');
  const [before, setBefore] = useState<number>();
  const events = useEvents({ type: type || undefined, before, limit: 50 });
  const [rows, setRows] = useState<ActivityEvent[]>([]);
  // Times read in the store's zone (Settings), not the browser's; UTC, said so, if it cannot be read.
  const store = useStoreTimeZone();
  const zone = store.timeZone ?? (store.failed ? 'UTC' : undefined);

  useEffect(() => {
    if (!events.data) return;
    const page = events.data;
    setRows((r) => (before ? [...r.filter((x) => !page.some((p) => p.id === x.id)), ...page] : page));
  }, [events.data, before]);

  return (
    <>
      <PageHeader title="Activity" />
      <Panel
        header="What happened"
        description="Changes to your assigned products, templates and settings, newest first."
      >
        <Flex marginBottom="medium" alignItems="flex-end" flexGap="0.75rem">
          <Box style={{ width: 260 }}>
            <Select
              label="Show"
              value={type || 'all'}
              options={[
                { value: 'all', content: 'All activity' },
                ...Object.entries(EVENT_LABEL).map(([value, content]) => ({ value, content })),
              ]}
              onOptionChange={(t) => {
                setBefore(undefined);
                setType(!t || t === 'all' ? '' : t);
              }}
            />
          </Box>
        </Flex>
        {(!events.data && rows.length === 0) || !zone ? (
          <Loading error={events.error} retry={events.reload} />
        ) : (
          <Table
            itemName="Events"
            keyField="id"
            items={rows}
            emptyComponent={<Text>No activity yet.</Text>}
            columns={[
              { header: `When (${zone})`, hash: 'when', render: (e) => formatInZone(e.createdAt, zone) },
              { header: 'What', hash: 'type', render: (e) => EVENT_LABEL[e.type] ?? e.type },
              {
                header: 'Item',
                hash: 'item',
                render: (e) => (e.itemId ? (e.itemName ?? `Item #${e.itemId}`) : '—'),
              },
              { header: 'Change', hash: 'change', render: (e) => describeChange(e) },
              {
                header: 'By',
                hash: 'actor',
                render: (e) => <Small marginBottom="none">{describeActor(e.actor)}</Small>,
              },
            ]}
          />
        )}
        {events.data && events.data.length === 50 && (
          <Button
            variant="secondary"
            marginTop="medium"
            isLoading={events.loading}
            onClick={() => setBefore(rows[rows.length - 1]?.id)}
          >
            Load older activity
          </Button>
        )}
      </Panel>
    </>
  );
}
