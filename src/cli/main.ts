import { parseArgs } from 'node:util';
import { InputError } from '../core/errors.ts';
import { formatInspect, inspectFile } from './inspect.ts';

const USAGE = `usage: relearn <command> [options]

commands:
  inspect FILE [--json]   read a CSV file: rows, delimiter, column types, missing values, summaries

Bad input exits with status 1 and prints "error: FILE:LINE: what is wrong" on stderr.`;

/** Exit codes: 0 done, 1 bad input, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command !== 'inspect') return usageError(`unknown command "${command}"`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) return usageError('inspect takes exactly one FILE');
  try {
    const report = await inspectFile(file);
    process.stdout.write(parsed.values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspect(report)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.describe(file)}\n`);
      return 1;
    }
    throw error;
  }
}

function usageError(message: string): number {
  process.stderr.write(`error: ${message}\n\n${USAGE}\n`);
  return 2;
}
