// Imported first by main.tsx, so the policy is in the page before any other module runs. Only the
// production build gets it: the dev server injects its styles inline and reloads over a websocket.
import { applyPagePolicy } from '../bridge/pagePolicy.ts';

if (import.meta.env.PROD) applyPagePolicy();
