/** The Monitor's number formats live in src/core (the shareable reports use them too). */
export * from '../../core/drift/format.ts';
