import { RelearnDb } from '../storage/db.ts';

/**
 * The page's one read connection. The ingest worker writes through its own connection;
 * Dexie live queries here see those writes (IndexedDB change events cross threads).
 */
export const db = new RelearnDb();
