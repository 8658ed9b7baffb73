import Papa from 'papaparse';

/** The part of PapaParse's ParserHandle this project uses (exported by papaparse, untyped in @types). */
interface PapaParserHandle {
  parse(input: string, baseIndex: number, ignoreLastRow: boolean): Papa.ParseResult<string[]>;
}
type ParserHandleClass = new (config: Papa.ParseConfig) => PapaParserHandle;

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface ChunkRows {
  rows: string[][];
  errors: Papa.ParseError[];
  /** The text these rows were parsed from held a quote character (rows may span lines). */
  quoted: boolean;
  delimiter: string;
  linebreak: string;
}

/**
 * Push-style CSV parsing over PapaParse: text arrives in pieces, complete rows come out, and the
 * unfinished last row is carried into the next piece, exactly as Papa's own ChunkStreamer does.
 * The delimiter and line break are guessed from the first piece and kept.
 */
export class PapaChunkParser {
  private readonly handle: PapaParserHandle;
  private partial = '';
  private base = 0;

  constructor() {
    const ParserHandle = (Papa as unknown as { ParserHandle: ParserHandleClass }).ParserHandle;
    this.handle = new ParserHandle({ delimitersToGuess: [...DELIMITERS], header: false, skipEmptyLines: false });
  }

  push(text: string, last: boolean): ChunkRows {
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
