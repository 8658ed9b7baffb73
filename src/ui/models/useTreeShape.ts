import { useLiveQuery } from 'dexie-react-hooks';
import { isTreeFamily } from '../../core/training/config.ts';
import { ensembleFromArtifacts } from '../../core/trees/artifacts.ts';
import { ensembleShape, type EnsembleShape } from '../../core/trees/shape.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { getArtifacts } from '../../storage/queries/models.ts';
import { db } from '../db.ts';

/**
 * The trees a tree version kept, their leaves and depth, read from its stored artifacts; null for a network
 * or artifacts that cannot be read (scoring says why); undefined while reading.
 */
export const useTreeShape = (model: ModelRecord): EnsembleShape | null | undefined =>
  useLiveQuery(async () => {
    if (!isTreeFamily(model.card.params.family)) return null;
    try {
      return ensembleShape(ensembleFromArtifacts(await getArtifacts(db, model.version)));
    } catch {
      return null;
    }
  }, [model.version, model.card.params.family]);
