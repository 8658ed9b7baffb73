/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { ISOLATION_HEADERS } from '../src/core/isolation.ts';
import { WORKER_POLICY } from '../src/core/notify/csp.ts';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The first install takes over the open page at once, so it works offline from then on. An update
// waits until every tab of the old version is closed: a running page keeps the files it started with.
clientsClaim();

// Static hosts send neither of these headers, so the service worker adds them to what it serves: the
// cross-origin isolation headers to every response (the page and its workers need them for threads), and
// to workers their Content-Security-Policy, which a worker takes from its script's response, not from
// the page's meta tag.
addPlugins([
  {
    handlerWillRespond: async ({ request, response }) => {
      const headers = new Headers(response.headers);
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
      if (request.destination === 'worker') headers.set('Content-Security-Policy', WORKER_POLICY);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
  },
]);

// Every built file (the list is written in at build time), served from the cache; nothing of another origin.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any address of the page (?demo, #/models) opens the cached page, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
