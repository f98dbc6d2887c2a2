import { Box, Flex, Message, Panel, Select, Small } from '@bigcommerce/big-design';
import { useState } from 'react';
import type { ItemQuery, ItemStatus } from '../../api/types';
import { ITEMS_POLL_MS, useItems } from '../../hooks/data';
import { ItemsTable } from '../components/ItemsTable';
import { SearchForm } from '../components/SearchForm';
import { Loading } from '../components/Loading';
import { LINKED_ITEM, STATUS_LABEL } from '../../hooks/describe';
import { hrefOf } from '../../hooks/use-hash-route';
import { PageHeader } from '../components/PageHeader';

export function ProductsPage({ params }: { params?: URLSearchParams }) {
  const initialStatus = params?.get('status') as ItemStatus | null;
  // One item, when a link opened the page at it (`#/products?item=10`).
  const linked = /^\d+$/.test(params?.get('item') ?? '') ? Number(params!.get('item')) : undefined;
  const [query, setQuery] = useState<ItemQuery>({
    item: linked,
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
        {query.item !== undefined && items.data && (
          <Message
            type={items.data.total === 0 ? 'warning' : 'info'}
            marginBottom="medium"
            messages={[
              {
                text: items.data.total === 0 ? LINKED_ITEM.gone : LINKED_ITEM.shown,
                link: { text: LINKED_ITEM.showAll, href: hrefOf('products') },
              },
            ]}
          />
        )}
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
