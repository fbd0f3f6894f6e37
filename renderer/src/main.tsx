import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './i18n';
import { useStation } from './store';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('Steadywork: #root is missing from index.html.');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void useStation.getState().connect();
