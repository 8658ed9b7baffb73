import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvLine, escapeCell } from '../../../src/core/csv/writeCsv.ts';

describe('escapeCell', () => {
  it('a formula gets a leading apostrophe, and quotes when it needs them', () => {
    expect(escapeCell('=HYPERLINK("http://evil.example/?q=0")')).toBe(`"'=HYPERLINK(""http://evil.example/?q=0"")"`);
    expect(escapeCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(escapeCell('=1+2,3')).toBe(`"'=1+2,3"`);
  });

  it.each(['+1', '-2.5', '-0.5e-3', '+.5', '-7.', '12', '0.25'])('the number %j is left alone', (text) => {
    expect(escapeCell(text)).toBe(text);
  });

  it.each([
    ['@x', "'@x"],
    ['-x', "'-x"],
    ['+x', "'+x"],
    ['\tx', "'\tx"],
    ['-1+2', "'-1+2"],
    ['--1', "'--1"],
  ])('%j is escaped as %j', (text, expected) => {
    expect(escapeCell(text)).toBe(expected);
  });

  it('a cell starting with a carriage return is escaped and quoted', () => {
    expect(escapeCell('\rx')).toBe(`"'\rx"`);
  });

  it('quotes are doubled; commas and line breaks quote the cell', () => {
    expect(escapeCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCell('a,b')).toBe('"a,b"');
    expect(escapeCell('a\nb')).toBe('"a\nb"');
    expect(escapeCell('plain text')).toBe('plain text');
  });
});

describe('csvLine', () => {
  it('joins escaped cells; null is an empty cell', () => {
    expect(csvLine(['a', null, '=1', '-3', 'x,"y"', ''])).toBe(`a,,'=1,-3,"x,""y""",`);
  });

  it('reads back (through Papa) as the cells, formulas with their apostrophe', () => {
    const row = ['hello, "world"', '=HYPERLINK("x")', '-2.5', 'line\nbreak', null];
    const parsed = Papa.parse<string[]>(csvLine(row)).data[0];
    expect(parsed).toEqual(['hello, "world"', `'=HYPERLINK("x")`, '-2.5', 'line\nbreak', '']);
  });
});
