import { createRoot } from 'react-dom/client';
import { ApiClient, tokenFromPage } from './api/client';
import { App } from './bigdesign/App';
import { openDeepLink } from './hooks/use-hash-route';

openDeepLink(document, window);
const root = document.getElementById('root');
if (root) createRoot(root).render(<App api={new ApiClient(tokenFromPage())} />);
