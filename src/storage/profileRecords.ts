import type { ColumnProfile } from '../core/drift/profile.ts';
import { arrayBlob, blobArray } from './chunkRecords.ts';
import type { ReferenceProfileRecord } from './db.ts';

/**
 * The stored form of a reference profile (db.ts), as chunks are stored (chunkRecords.ts): a numeric profile's
 * sorted values go in as a Blob, which the browser keeps as a file beside the database, so storing and reading
 * them does not copy megabytes through the structured-clone serializer (storing a wide reference's profiles as
 * arrays took seconds). A profile holding its Float64Array, as a workspace file gives it, is read as it is.
 */

/** A profile record as it is stored: a numeric profile's sorted values as a Blob (a copy), any other as it is. */
export function storableProfile(record: ReferenceProfileRecord): ReferenceProfileRecord {
  const { profile } = record;
  if (profile.type !== 'numeric' || !(profile.sorted instanceof Float64Array)) return record;
  return { ...record, profile: { ...profile, sorted: arrayBlob(profile.sorted) } };
}

/** A stored profile with its sorted values as an array, read after the transaction that read the record. */
export async function profileOf(record: ReferenceProfileRecord): Promise<ColumnProfile> {
  const { profile } = record;
  if (profile.type !== 'numeric' || !(profile.sorted instanceof Blob)) return profile as ColumnProfile;
  return { ...profile, sorted: (await blobArray(profile.sorted, 'Float64Array')) as Float64Array };
}
