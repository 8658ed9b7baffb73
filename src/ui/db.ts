import { RelearnDb } from '../storage/db.ts';

/**
 * The page's one read connection. The ingest worker writes through its own connection;
 * Dexie live queries here see those writes (IndexedDB change events cross threads).
 * No query cache: Dexie's default cache deep-copies every live query's result in JavaScript on
 * the main thread (hundreds of milliseconds for a year of drift reports or runs, at each change),
 * and the page writes little through this connection, so its optimistic updates buy nothing.
 */
export const db = new RelearnDb(undefined, { cache: 'disabled' });
