/** A problem in an input file, with the 1-based line where it is known. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }

  /** `FILE:LINE: message`, the form the CLI prints after `error: `. */
  describe(file: string): string {
    return this.line === undefined ? `${file}: ${this.message}` : `${file}:${this.line}: ${this.message}`;
  }
}

/** Thrown when the user cancels a long task; callers store nothing. */
export class CancelledError extends Error {
  override readonly name: string = 'CancelledError';
  constructor(what = 'cancelled') {
    super(what);
  }
}

export const isCancelled = (error: unknown): boolean =>
  error instanceof CancelledError || (error instanceof Error && error.name === 'AbortError');
