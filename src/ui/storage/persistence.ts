import { useCallback, useEffect, useState } from 'react';

/** The browser's answer to the last request for persistent storage, kept so the page asks by itself only once. */
export interface PersistRequest {
  granted: boolean;
  at: number;
  /** 'automatic': asked when the first batch was stored; 'user': the button. */
  by: 'automatic' | 'user';
}

const ASKED_KEY = 'relearn.storage.persistRequest';

export function lastPersistRequest(): PersistRequest | null {
  try {
    const stored = JSON.parse(localStorage.getItem(ASKED_KEY) ?? 'null') as PersistRequest | null;
    return stored && typeof stored.granted === 'boolean' ? stored : null;
  } catch {
    return null; // written by hand or by an older build
  }
}

const listeners = new Set<() => void>();

/** Asks the browser to keep this origin's data (navigator.storage.persist()) and remembers its answer. */
export async function requestPersistence(by: PersistRequest['by']): Promise<boolean> {
  const granted = await navigator.storage.persist();
  localStorage.setItem(ASKED_KEY, JSON.stringify({ granted, at: Date.now(), by } satisfies PersistRequest));
  for (const listener of listeners) listener();
  return granted;
}

/** Null where the browser has no StorageManager (an insecure context, an old browser). */
export const storageManager = (): StorageManager | null =>
  typeof navigator !== 'undefined' && 'storage' in navigator && typeof navigator.storage.persisted === 'function' ? navigator.storage : null;

export interface Persistence {
  /** undefined while reading; null when the browser cannot say. */
  persisted: boolean | null | undefined;
  last: PersistRequest | null;
  request(): Promise<void>;
}

/** Whether the browser keeps this page's data come what may, the last answer to a request, and a way to ask. */
export function usePersistence(): Persistence {
  const [persisted, setPersisted] = useState<boolean | null | undefined>(() => (storageManager() ? undefined : null));
  const [last, setLast] = useState(lastPersistRequest);
  useEffect(() => {
    const manager = storageManager();
    if (!manager) return;
    let live = true;
    const read = (): void =>
      void manager.persisted().then(
        (now) => {
          if (!live) return;
          setPersisted(now);
          setLast(lastPersistRequest());
        },
        () => live && setPersisted(null),
      );
    read();
    listeners.add(read);
    return () => {
      live = false;
      listeners.delete(read);
    };
  }, []);
  const request = useCallback(async () => {
    await requestPersistence('user');
  }, []);
  return { persisted, last, request };
}
