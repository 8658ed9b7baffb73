/**
 * The worker's end of a cooperative cancel (src/bridge/workerBridge.ts, `callCooperatively`): the page
 * posts on this port when the person cancels. The signal lets the work stop where it can still store or
 * report what it must, which ending the whole worker would not.
 */
export function abortSignalOf(port: MessagePort): AbortSignal {
  const controller = new AbortController();
  port.onmessage = () => {
    controller.abort();
    port.close();
  };
  return controller.signal;
}
