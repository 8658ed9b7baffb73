// The Content-Security-Policy before anything else runs (see csp.ts).
import './csp.ts';
// Base styles first: section styles (imported by their components) build on them and must come later.
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { reloadOnceIsolable } from '../bridge/isolation.ts';

reloadOnceIsolable();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
