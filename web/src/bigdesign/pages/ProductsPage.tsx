import { Box, Flex, Panel, Select, Small } from '@bigcommerce/big-design';
import { useState } from 'react';
import type { ItemQuery, ItemStatus } from '../../api/types';
import { ITEMS_POLL_MS, useItems } from '../../hooks/data';
import { ItemsTable } from '../components/ItemsTable';
import { SearchForm } from '../components/SearchForm';
import { Loading } from '../components/Loading';
import { STATUS_LABEL } from '../../hooks/describe';
import { PageHeader } from '../components/PageHeader';

export function ProductsPage({ params }: { params?: URLSearchParams }) {
  const initialStatus = params?.get('status') as ItemStatus | null;
  const [query, setQuery] = useState<ItemQuery>({
    status: initialStatus && initialStatus in STATUS_LABEL ? initialStatus : undefined,
    q: '',
    page: 1,
    limit: 25,
    sort: 'name',
    direction: 'asc',
  });
  const items = useItems(query, { pollMs: ITEMS_POLL_MS });

  return (
    <>
      <PageHeader title="Products on backorder" />
      <Panel
        header="Assigned products"
        description="Stock and status update by themselves every few seconds. Switch backorder on or off per product, or edit its limits and texts."
      >
        <Flex flexGap="0.75rem" alignItems="flex-end" flexWrap="wrap" marginBottom="medium">
          <Box style={{ flex: '0 1 220px' }}>
            <Select
              label="Status"
              value={query.status ?? 'all'}
              options={[
                { value: 'all', content: 'All statuses' },
                ...(Object.keys(STATUS_LABEL) as ItemStatus[]).map((s) => ({
                  value: s,
                  content: STATUS_LABEL[s],
                })),
              ]}
              onOptionChange={(s) =>
                setQuery((q) => ({ ...q, page: 1, status: s && s !== 'all' ? (s as ItemStatus) : undefined }))
              }
            />
          </Box>
          <SearchForm
            label="Search assigned products"
            style={{ flex: '1 1 260px' }}
            onSearch={(text) => setQuery((q) => ({ ...q, page: 1, q: text }))}
          />
        </Flex>
        {!items.data ? (
          <Loading error={items.error} retry={items.reload} />
        ) : (
          <ItemsTable
            page={items.data}
            query={query}
            onQueryChange={(patch) => setQuery((q) => ({ ...q, ...patch }))}
            update={items.update}
          />
        )}
        {items.error && items.data && (
          <Small color="danger" role="status">
            Could not refresh: {items.error.message}
          </Small>
        )}
      </Panel>
    </>
  );
}
