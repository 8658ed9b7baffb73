/** Set in this tab when it reloaded to become cross-origin isolated: it reloads for that once only. */
const RELOADED = 'relearn.isolationReload';

/**
 * A page is cross-origin isolated (and its workers get the threads tfjs trains on) only when the
 * response that loaded it carried the isolation headers. Static hosts send none: the service worker
 * adds them, but it only serves the loads after it takes control. So a page that the service worker
 * takes over unisolated (the first visit) reloads once, through it. The work under way then is either
 * resumed by the reloaded page (the demo's batches) or rolled back with its transaction and reported as
 * cut off; a browser that stays unisolated after the reload is not reloaded again.
 */
export function reloadOnceIsolable(): void {
  if (globalThis.crossOriginIsolated || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.addEventListener(
    'controllerchange',
    () => {
      if (sessionStorage.getItem(RELOADED) !== null) return;
      sessionStorage.setItem(RELOADED, '1');
      window.location.reload();
    },
    { once: true },
  );
}
