import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useAppStore } from './store';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('Steadywork: #root is missing from index.html.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void useAppStore.getState().connect();
