/**
 * The BigDesign admin: theme, global styles, toasts, the tab navigation and the pages (the rarely used
 * ones loaded on demand). A 401 anywhere replaces the page with "reopen the app".
 */
import { Box, Flex, GlobalStyles, H1, Message, Small, Tabs } from '@bigcommerce/big-design';
import { theme } from '@bigcommerce/big-design-theme';
import { lazy, Suspense } from 'react';
import { ThemeProvider } from 'styled-components';
import { SESSION_EXPIRED_MESSAGE, type ApiClient } from '../api/client';
import { ApiContext, useSessionExpired, useSessionRenewal } from '../hooks/api-context';
import { useSession } from '../hooks/data';
import { useHashRoute, type PageId } from '../hooks/use-hash-route';
import { Loading } from './components/Loading';
import { Toasts } from './components/Toasts';
import { OverviewPage } from './pages/OverviewPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';

const TemplatesPage = lazy(() => import('./pages/TemplatesPage'));
const AssignPage = lazy(() => import('./pages/AssignPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const ActivityPage = lazy(() => import('./pages/ActivityPage'));

export const NAV: Array<{ id: PageId; title: string }> = [
  { id: 'overview', title: 'Overview' },
  { id: 'settings', title: 'Settings' },
  { id: 'templates', title: 'Templates' },
  { id: 'assign', title: 'Assign products' },
  { id: 'products', title: 'Products' },
  { id: 'import', title: 'Import / export' },
  { id: 'activity', title: 'Activity' },
];

export function App({ api }: { api: ApiClient }) {
  return (
    <ThemeProvider theme={theme}>
      <GlobalStyles />
      <ApiContext.Provider value={api}>
        <Shell api={api} />
      </ApiContext.Provider>
      <Toasts />
    </ThemeProvider>
  );
}

function Shell({ api }: { api: ApiClient }) {
  useSessionRenewal(api);
  const expired = useSessionExpired(api);
  if (expired) return <SessionExpired />;
  return <Admin />;
}

export function SessionExpired() {
  return (
    <Box padding="xLarge" style={{ maxWidth: 720, margin: '0 auto' }}>
      <H1>Backorder</H1>
      <Message
        type="warning"
        header="Session expired"
        messages={[
          {
            text: `${SESSION_EXPIRED_MESSAGE} Open Apps › My Apps › Backorder again in your control panel; nothing you saved is lost.`,
          },
        ]}
      />
    </Box>
  );
}

function Admin() {
  const [route, go] = useHashRoute();
  const session = useSession();
  const page = route.page;
  return (
    <Box backgroundColor="secondary10" style={{ minHeight: '100vh' }}>
      <Box paddingHorizontal="xLarge" paddingTop="large" backgroundColor="white" shadow="raised">
        <Flex justifyContent="space-between" alignItems="baseline" flexWrap="wrap">
          <H1 marginBottom="xSmall">Backorder</H1>
          <Small marginBottom="none">
            {session.data ? `${session.data.store.name} · ${session.data.user.email}` : ' '}
          </Small>
        </Flex>
        <nav aria-label="Backorder pages">
          <Tabs
            activeTab={page}
            items={NAV.map((n) => ({ id: n.id, title: n.title, ariaControls: 'page' }))}
            onTabClick={(id) => go(id as PageId)}
          />
        </nav>
      </Box>
      <Box as="main" id="page" padding="xLarge" style={{ maxWidth: 1280, margin: '0 auto' }}>
        <Suspense fallback={<Loading />}>
          {page === 'overview' && <OverviewPage />}
          {page === 'settings' && <SettingsPage />}
          {page === 'templates' && <TemplatesPage />}
          {page === 'assign' && <AssignPage />}
          {/* Keyed by its parameters: a link to other ones (all products, one item) opens it afresh. */}
          {page === 'products' && <ProductsPage key={route.params.toString()} params={route.params} />}
          {page === 'import' && <ImportPage />}
          {page === 'activity' && <ActivityPage />}
        </Suspense>
      </Box>
    </Box>
  );
}
