/** The delimiters a CSV file may use, in the order PapaParse tries them when guessing. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;

const names: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** "comma", "semicolon", "tab", "pipe"; a quoted character for anything else. */
export const describeDelimiter = (delimiter: string): string => names[delimiter] ?? JSON.stringify(delimiter);
