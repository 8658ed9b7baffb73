/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { WORKER_POLICY } from '../src/core/notify/csp.ts';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// The first install takes over the open page at once, so it works offline from then on. An update
// waits until every tab of the old version is closed: a running page keeps the files it started with.
clientsClaim();

// A worker takes its Content-Security-Policy from its script's response, not from the page's meta tag,
// and static hosts send no such header: the service worker adds it.
addPlugins([
  {
    handlerWillRespond: async ({ request, response }) => {
      if (request.destination !== 'worker') return response;
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', WORKER_POLICY);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },
  },
]);

// Every built file (the list is written in at build time), served from the cache; nothing of another origin.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Any address of the page (?demo, #/models) opens the cached page, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
