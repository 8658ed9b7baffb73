import { trainedOnFile, type ModelCard } from '../core/training/modelCard.ts';

/**
 * How many of the scored rows of a file a model trained on: all of them when the file is one of the batches
 * its card lists (a whole-file match by sha256), none when it is not, null when the card lists none.
 */
export function trainedOnRows(card: Pick<ModelCard, 'trainingBatches'>, sha256: string, rows: number): number | null {
  const trained = trainedOnFile(card, sha256);
  return trained === null ? null : trained ? rows : 0;
}

/** The caveat printed beside metrics on rows a model trained on (or may have): null when it trained on none. */
export function trainedOnWarning(who: string, trainedOn: number | null, rows: number, file: string): string | null {
  if (trainedOn === null) return `rows of ${file} in ${who}'s training data: unknown (this model records no training batches)`;
  if (trainedOn === 0) return null;
  return `${trainedOn} of ${rows} rows were in ${who}'s training data (${file} is one of the files it trained on, by sha256): its metrics there are flattered`;
}

/** A trained-on count as the text report prints it. */
export const countText = (trainedOn: number | null): string => (trainedOn === null ? 'unknown (this model records no training batches)' : String(trainedOn));
