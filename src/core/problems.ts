/**
 * A reason settings cannot be used, with the field it belongs to: a form marks that field from
 * `field` and shows `message` as it is, never matching words in the sentence.
 */
export interface Problem<Field extends string> {
  field: Field;
  message: string;
}

/** The sentences alone, for a command line or an error. */
export const messages = (problems: readonly Problem<string>[]): string[] => problems.map((p) => p.message);
