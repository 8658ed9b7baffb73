import * as Comlink from 'comlink';
import { CancelledError } from '../core/errors.ts';

/** What a bridge needs of a worker: a Comlink endpoint that can be ended. A `Worker` is one. */
export type Terminable = Comlink.Endpoint & { terminate(): void };

export interface BridgeOptions {
  /** Starts a fresh worker: on the first call, and on the first call after the worker was ended. */
  start: () => Terminable;
  /** How long the worker may sit with no call in flight and no hold before it is ended; null: never. */
  idleMs?: number | null;
  /**
   * The worker's name in a `WorkerFailed`. With it, an error event from the worker (its script did not
   * load, an error thrown outside any call, a worker that died) ends it and fails every call in flight,
   * which would otherwise wait for answers that never come.
   */
  name?: string;
}

export interface CallOptions {
  /** Aborting ends the worker (the next call starts a fresh one) and rejects the call with a `CancelledError`. */
  signal?: AbortSignal;
  /**
   * When another call's abort ends the worker under this one, this one is sent again to a fresh worker
   * instead of failing. Only for calls that store nothing, or store it atomically and may store it twice.
   */
  restartable?: boolean;
}

export interface WorkerBridge<Api> {
  /** Runs `run` against the worker, starting it if it is not running. */
  call<T>(run: (api: Comlink.Remote<Api>) => Promise<T>, options?: CallOptions): Promise<T>;
  /**
   * For work the worker must end itself (it has something to store or report when cancelled): aborting
   * `signal` posts on the port handed to `run`, which the worker turns into its own AbortSignal
   * (workers/abortPort.ts), and the call settles with whatever the worker answers.
   */
  callCooperatively<T>(run: (api: Comlink.Remote<Api>, abort: MessagePort) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Keeps the worker from being ended for idleness (a subscription it serves) until the returned release is called. */
  hold(): () => void;
}

/** Why a call failed when another call's abort ended the worker it was running in. */
export class WorkerStopped extends Error {
  override readonly name = 'WorkerStopped';
  constructor() {
    super('the worker was stopped because another task in it was cancelled; try again');
  }
}

/** Why the calls in flight failed when their worker failed as a whole (see `BridgeOptions.name`). */
export class WorkerFailed extends Error {
  override readonly name = 'WorkerFailed';
  constructor(worker: string, event: unknown) {
    const message = (event as { message?: unknown } | null)?.message;
    super(`the ${worker} worker failed: ${typeof message === 'string' && message !== '' ? message : 'it did not start, or it stopped'}`);
  }
}

const DEFAULT_IDLE_MS = 10_000;

/** A call under way: what to do with it if the worker it runs in is ended (`failure`: it failed as a whole). */
interface InFlight {
  stopped(failure?: WorkerFailed): void;
}

/**
 * One worker behind a Comlink proxy (after squoosh's WorkerBridge): started on first use, ended when a
 * call is aborted or when it has been idle for `idleMs`. The only `Comlink.wrap` in the code base.
 */
export function workerBridge<Api>({ start, idleMs = DEFAULT_IDLE_MS, name }: BridgeOptions): WorkerBridge<Api> {
  let worker: Terminable | null = null;
  let remote: Comlink.Remote<Api> | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let holds = 0;
  const inFlight = new Set<InFlight>();

  function started(): Comlink.Remote<Api> {
    clearTimeout(idleTimer);
    if (!remote) {
      const current = start();
      worker = current;
      remote = Comlink.wrap<Api>(current);
      if (name !== undefined) {
        current.addEventListener('error', (event) => {
          // Handled here: not passed on to the thread that started this worker (an uncaught error there).
          (event as Partial<Event>).preventDefault?.();
          if (worker === current) end(new WorkerFailed(name, event));
        });
      }
    }
    return remote;
  }

  function end(failure?: WorkerFailed): void {
    clearTimeout(idleTimer);
    if (!worker) return;
    worker.terminate();
    worker = null;
    remote = null;
    // A terminated worker never answers: every call still waiting is settled (or sent again) here.
    const cut = [...inFlight];
    inFlight.clear();
    for (const call of cut) call.stopped(failure);
  }

  function idleCheck(): void {
    clearTimeout(idleTimer);
    if (worker && inFlight.size === 0 && holds === 0 && idleMs !== null) idleTimer = setTimeout(end, idleMs);
  }

  /** Sends one call; `stopped` decides what happens if the worker is ended under it. */
  function send<T>(run: (api: Comlink.Remote<Api>) => Promise<T>, resolve: (value: T) => void, reject: (error: unknown) => void, stopped: InFlight['stopped']): void {
    const call: InFlight = { stopped };
    inFlight.add(call);
    const settle = (finish: () => void): void => {
      // False when the worker was ended first: `stopped` has already dealt with this call.
      if (!inFlight.delete(call)) return;
      idleCheck();
      finish();
    };
    let answer: Promise<T>;
    try {
      answer = run(started());
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  }

  return {
    call<T>(run: (api: Comlink.Remote<Api>) => Promise<T>, { signal, restartable = false }: CallOptions = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(new CancelledError());
          return;
        }
        let aborted = false;
        const onAbort = (): void => {
          aborted = true;
          end();
        };
        const done = (finish: () => void): void => {
          signal?.removeEventListener('abort', onAbort);
          finish();
        };
        const dispatch = (): void =>
          send(
            run,
            (value) => done(() => resolve(value)),
            (error) => done(() => reject(error)),
            (failure) => {
              if (failure) done(() => reject(failure));
              else if (aborted) done(() => reject(new CancelledError()));
              else if (restartable) dispatch();
              else done(() => reject(new WorkerStopped()));
            },
          );
        signal?.addEventListener('abort', onAbort, { once: true });
        dispatch();
      });
    },

    callCooperatively<T>(run: (api: Comlink.Remote<Api>, abort: MessagePort) => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const { port1, port2 } = new MessageChannel();
        const onAbort = (): void => port1.postMessage('abort');
        const done = (finish: () => void): void => {
          signal?.removeEventListener('abort', onAbort);
          port1.close();
          finish();
        };
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        send(
          (api) => run(api, Comlink.transfer(port2, [port2])),
          (value) => done(() => resolve(value)),
          (error) => done(() => reject(error)),
          (failure) => done(() => reject(failure ?? new WorkerStopped())),
        );
      });
    },

    hold(): () => void {
      holds += 1;
      clearTimeout(idleTimer);
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        holds -= 1;
        idleCheck();
      };
    },
  };
}
