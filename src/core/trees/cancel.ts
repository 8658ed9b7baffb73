import { CancelledError } from '../errors.ts';

/**
 * A cancel during training, for every family: the MLP's loop (src/ml/trainLoop.ts re-exports it) and the
 * tree fits. A CancelledError, so a pipeline run stops instead of retrying.
 */
export class TrainingCancelled extends CancelledError {
  override readonly name = 'TrainingCancelled';
  constructor() {
    super('training was cancelled; nothing was registered');
  }
}

/** Lets a worker read its messages (a Cancel) between steps: setImmediate in Node, a MessageChannel in a page. */
export const yieldToEvents = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve();
      channel.port2.postMessage(null);
    }
  });
