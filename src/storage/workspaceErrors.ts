/** A workspace file that is missing, unreadable or not what the format says; `file` is the path to show. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }

  /** `FILE: what is wrong`, the form the CLI prints after `error: `. */
  describe(): string {
    return `${this.file}: ${this.message}`;
  }

  /** The same problem, with the file named from a folder above (`dir/file`). */
  under(prefix: (file: string) => string): WorkspaceError {
    return new WorkspaceError(prefix(this.file), this.message);
  }
}

/** A folder (or file set) without a manifest: it is not a workspace at all. */
export class NotAWorkspaceError extends WorkspaceError {
  override name = 'NotAWorkspaceError';
  override describe(): string {
    return `not a Relearn workspace: ${this.file} (${this.message})`;
  }
  override under(prefix: (file: string) => string): WorkspaceError {
    return new NotAWorkspaceError(prefix(this.file), this.message);
  }
}
