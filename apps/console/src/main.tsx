import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeTokenFromFragment } from './session';
import './styles.css';

takeTokenFromFragment();
window.addEventListener('hashchange', takeTokenFromFragment);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
