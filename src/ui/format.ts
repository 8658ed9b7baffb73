/** The display formats live in src/core (the shareable reports use them too); the page imports them from here. */
export * from '../core/format.ts';
