import Papa from 'papaparse';
import { DELIMITERS } from './delimiters.ts';

/** The part of PapaParse's ParserHandle this project uses (exported by papaparse, untyped in @types). */
interface PapaParserHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
}
type ParserHandleClass = new (config: Papa.ParseConfig) => PapaParserHandle;

export interface ChunkRows {
  rows: string[][];
  errors: Papa.ParseError[];
  /** The text these rows were parsed from held a quote character (rows may span lines). */
  quoted: boolean;
  delimiter: string;
  linebreak: string;
}

/**
 * Text the delimiter and line break are guessed from: the first GUESS_WINDOW characters (Papa looks at
 * no more than 1 MiB of it), whatever the size of the pieces the text arrives in.
 */
export const GUESS_WINDOW = 1 << 20;

const ParserHandle = (): ParserHandleClass => (Papa as unknown as { ParserHandle: ParserHandleClass }).ParserHandle;

/** The delimiter and line break of a CSV text, as guessed from its start. */
export interface CsvFormat {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

/** Papa's guess on the first GUESS_WINDOW characters of a text (what every reader of the same file must agree on). */
export function guessFormat(sample: string): CsvFormat {
  // Blank lines are left out of the guess: a trailing one would pull a small two-column file's
  // average field count under Papa's threshold of 1.99 and the guess would fall back to a comma.
  const probe = new (ParserHandle())({ delimitersToGuess: [...DELIMITERS], header: false, skipEmptyLines: true, preview: 10 });
  const { delimiter, linebreak } = probe.parse(sample, 0, false).meta;
  return { delimiter, newline: linebreak === '\r\n' || linebreak === '\r' ? linebreak : '\n' };
}

/**
 * Push-style CSV parsing over PapaParse: text arrives in pieces, complete rows come out, and the
 * unfinished last row is carried into the next piece, exactly as Papa's own ChunkStreamer does.
 * The delimiter and line break are guessed once, from the start of the text, and kept; until that
 * start has arrived, pieces are held (a guess from a few bytes would depend on how the input was cut).
 */
export class PapaChunkParser {
  private handle: PapaParserHandle | null = null;
  private partial = '';
  private base = 0;

  /** With a format (a part of a file whose start was guessed already), nothing is guessed or held back. */
  constructor(format?: CsvFormat) {
    if (format) this.handle = handleFor(format);
  }

  push(text: string, last: boolean): ChunkRows {
    if (!this.handle) {
      this.partial += text;
      if (this.partial.length < GUESS_WINDOW && !last) return { rows: [], errors: [], quoted: false, delimiter: '', linebreak: '' };
      this.handle = handleFor(guessFormat(this.partial.substring(0, GUESS_WINDOW)));
      text = '';
    }
    const aggregate = this.partial + text;
    this.partial = '';
    const result = this.handle.parse(aggregate, this.base, !last);
    if (!last) {
      this.partial = aggregate.substring(result.meta.cursor - this.base);
      this.base = result.meta.cursor;
    }
    const quoted = aggregate.indexOf('"') !== -1;
    return {
      rows: result.data,
      errors: result.errors,
      quoted,
      delimiter: result.meta.delimiter,
      linebreak: result.meta.linebreak,
    };
  }
}

const handleFor = ({ delimiter, newline }: CsvFormat): PapaParserHandle => new (ParserHandle())({ delimiter, newline, header: false, skipEmptyLines: false });
