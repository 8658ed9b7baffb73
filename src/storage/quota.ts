/** Storage ran out of quota; the transaction was rolled back and nothing of it was written. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
}

interface ErrorLike {
  name?: unknown;
  inner?: unknown;
  cause?: unknown;
  failures?: unknown;
}

/**
 * True when the error is the browser refusing a write for lack of quota. Dexie passes it on as is,
 * wraps it (`inner` of an AbortError, `failures` of a BulkError), or names it after its own
 * `Dexie.errnames.QuotaExceeded`, which is the same 'QuotaExceededError'.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== 'object' || depth > 4) return false;
  const e = error as ErrorLike;
  if (e.name === 'QuotaExceededError') return true;
  const nested = [e.inner, e.cause, ...(Array.isArray(e.failures) ? e.failures : [])];
  return nested.some((n) => isQuotaError(n, depth + 1));
}

/** The one message a person reads when storage is full; `what` names what could not be saved. */
export function quotaMessage(what: string): string {
  return `Browser storage is full: ${what} could not be saved, and nothing of it was stored. Free space in Storage (delete batches or model versions you no longer need) or give this site more disk space, then try again.`;
}

/** Runs a write; a quota error becomes a StorageFullError naming `what`, any other error passes through. */
export async function withQuotaMessage<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(quotaMessage(what));
    throw error;
  }
}
