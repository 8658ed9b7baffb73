import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/unit/helpers → ../../..). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The CSV and statistics fixtures, kept in the repository so a clone alone runs every test. */
export const fixturesRoot = path.join(repoRoot, 'test', 'fixtures');

export const csvFixture = (name: string): string => path.join(fixturesRoot, 'csv', name);

export const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(csvFixture(name)));

export const fixtureText = (name: string): string => readFileSync(csvFixture(name), 'utf8');

export const OK_FIXTURES = ['ok_bom_semicolon.csv', 'ok_crlf_quoted.csv', 'ok_formula_injection.csv', 'ok_missing_tokens.csv'] as const;
export const BAD_FIXTURES = ['bad_binary.csv', 'bad_empty.csv', 'bad_ragged.csv', 'bad_unclosed_quote.csv'] as const;
