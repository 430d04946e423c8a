import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/usecases/import/csv.ts';
import { CsvTokenizer } from '../../src/usecases/import/csv-tokenizer.ts';

function tokenize(chunks: string[]) {
  const t = new CsvTokenizer();
  return [...chunks.flatMap((c) => t.push(c)), ...t.end()];
}

function toCsv(rows: string[][]): string {
  return rows
    .map((r) => r.map((c) => (/[",\r\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
}

describe('CsvTokenizer', () => {
  it('reads quoted cells with commas, escaped quotes and line breaks, keeping record line numbers', () => {
    const recs = tokenize(['a,b\n1,"x, ""y""\nz"\n\n2,w\n']);
    expect(recs).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x, "y"\nz'] },
      { line: 5, cells: ['2', 'w'] },
    ]);
  });

  it('handles CRLF and a last line without newline', () => {
    expect(tokenize(['a,b\r\n1,2'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('rejects an unclosed quote and a stray quote, naming the line', () => {
    expect(() => tokenize(['a\n"open\n'])).toThrow(/opened on line 2 is never closed/);
    expect(() => tokenize(['a\nx"y\n'])).toThrow(/line 2/);
  });

  test.prop([
    fc.array(
      fc.array(fc.string({ unit: fc.constantFrom('a', 'ă', ',', '"', '\n', ' ', '1') }), {
        minLength: 2,
        maxLength: 4,
      }),
      {
        minLength: 1,
        maxLength: 6,
      },
    ),
    fc.array(fc.nat(40), { maxLength: 5 }),
  ])('round-trips any table however the text is split into chunks', (rows, cuts) => {
    const fixed = rows.map((r) => r.slice(0, 2));
    const text = `${toCsv(fixed)}\r\n`;
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const chunks: string[] = [];
    let prev = 0;
    for (const p of points) {
      chunks.push(text.slice(prev, p));
      prev = p;
    }
    chunks.push(text.slice(prev));
    expect(tokenize(chunks).map((r) => r.cells)).toEqual(fixed);
  });
});

describe('readCsv', () => {
  const FORMAT = [{ name: 'f', required: ['a', 'b'] }];
  it('rejects rows with the wrong number of columns, naming the line', async () => {
    const read = async () => {
      for await (const _ of readCsv([Buffer.from('a,b\n1,2\n3\n')], FORMAT)) {
        /* drain */
      }
    };
    await expect(read()).rejects.toThrow(/line 3 has 1 columns; the header has 2/);
  });

  it('reads a chunk larger than its 64 KiB pieces whole, with quoted line breaks across the pieces', async () => {
    // One string chunk of ~4 pieces: readCsv cuts it up; records and line numbers must not notice.
    let text = 'a,b\n';
    const want: Array<{ line: number; a: string; b: string }> = [];
    let line = 2;
    for (let i = 0; i < 9000; i++) {
      const b = i % 7 === 0 ? `Phường ${i}\n"số" x${'y'.repeat(i % 300)}` : `Xã ${i}`;
      text += `${i},"${b.replace(/"/g, '""')}"\n`;
      want.push({ line, a: String(i), b });
      line += i % 7 === 0 ? 2 : 1;
    }
    expect(text.length).toBeGreaterThan(4 * 65536);
    const got: Array<{ line: number; a: string; b: string }> = [];
    for await (const batch of readCsv([text], FORMAT))
      for (const r of batch) got.push({ line: r.line, a: r.values.a!, b: r.values.b! });
    expect(got).toEqual(want);
  });
});
