// CSV cells a spreadsheet would run as a formula are defused (a leading apostrophe), also when
// the formula character hides behind spaces, tabs, zero-width or other invisible characters, or
// comes in its full-width form; ordinary text is left as it is.
import { describe, expect, it } from '@jest/globals';
import { csvCell } from '../../apps/api/src/read-side/csv.js';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x")'],
    ['+1+1'],
    ['-2+3'],
    ['@SUM(A1)'],
    ['\t=1'],
    ['\r=1'],
    [' =1+1'],
    ['   @SUM(A1)'],
    ['\u00a0=1'], // no-break space
    ['\u200b=1+1'], // zero-width space
    ['\u200b\u200c\u200d\u2060\ufeff=1'], // zero-width joiners, word joiner, byte order mark
    ['\u00ad=1'], // soft hyphen
    ['\u3000=1'], // ideographic space
    ['\u202e=1'], // right-to-left override
    ['＝1+1'], // full-width equals
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
    [' \u200b＝cmd|"/c calc"!A1'],
    ['﹦1'], // small equals
    ['\u22121+1'], // minus sign
  ])('%j is defused', (text) => {
    const cell = csvCell(text);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted).toBe(`'${text}`);
  });

  it.each([['Ads Booster'], ['shop-1'], ['2026-03-01T10:00:00.000Z'], ['a=b'], ['x - y'], ['1'], [''], ['Ünïcode ＝ later']])('%j is left as it is', (text) => {
    expect(csvCell(text)).toBe(text);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell(' =1,2')).toBe(`"' =1,2"`);
  });
});
