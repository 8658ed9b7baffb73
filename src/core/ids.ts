/** Branded ids: a batch id can never be passed where a run id is expected. */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** SHA-256 of the uploaded bytes, lowercase hex. */
export type BatchId = Brand<string, 'BatchId'>;
export type ModelVersionId = Brand<number, 'ModelVersionId'>;
export type RunId = Brand<string, 'RunId'>;

export const asBatchId = (hex: string): BatchId => hex as BatchId;
