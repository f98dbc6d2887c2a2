import { createRoot } from 'react-dom/client';
import { ApiClient, tokenFromPage } from './api/client';
import { App } from './bigdesign/App';

const root = document.getElementById('root');
if (root) createRoot(root).render(<App api={new ApiClient(tokenFromPage())} />);
