/** The drift table's order lives in src/core (the shareable drift report sorts the same way). */
export * from '../../core/drift/columnSort.ts';
