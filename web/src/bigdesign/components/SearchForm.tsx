import { Box, Button, Flex, Input } from '@bigcommerce/big-design';
import { useState, type CSSProperties } from 'react';
import { LIMITS } from '../../api/limits';

/** A search box with its button; `onSearch` gets the trimmed text when it is submitted. */
export function SearchForm(props: { label: string; onSearch: (q: string) => void; style?: CSSProperties }) {
  const [search, setSearch] = useState('');
  return (
    <form
      role="search"
      style={props.style}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSearch(search.trim());
      }}
    >
      <Flex flexGap="0.5rem" alignItems="flex-end" flexWrap="wrap">
        <Box style={{ flex: '1 1 260px' }}>
          <Input
            label={props.label}
            type="search"
            placeholder="Name or SKU"
            maxLength={LIMITS.search}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </Box>
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </Flex>
    </form>
  );
}
