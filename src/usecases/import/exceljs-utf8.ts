/**
 * exceljs 4.4's streaming reader decodes each zip chunk on its own (lib/utils/parse-sax.js calls
 * `TextDecoder.decode(chunk)` without `stream: true`), so a multi-byte UTF-8 character split across two
 * chunks becomes "��": about one Vietnamese cell in a few thousand of a large workbook ("Trực ti��p"), which
 * then fails validation or would be stored corrupted (exceljs issues #2063, #2316; fixes #1665, #1821, #2213
 * unmerged). `WorkbookReader` here is exceljs's own, loaded afresh against a parser that keeps one streaming
 * decoder per stream, whatever loaded exceljs before.
 */
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';

const here = createRequire(import.meta.url);
const readerPath = here.resolve('exceljs/lib/stream/xlsx/workbook-reader.js');
const exceljsRequire = createRequire(readerPath);
const { SaxesParser } = exceljsRequire('saxes') as typeof import('saxes');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };

/** exceljs's parse-sax with the chunks decoded as one UTF-8 stream. */
async function* parseSax(input: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  let iterable = input;
  const legacy = input as unknown as NodeJS.ReadableStream;
  // As exceljs: old-style streams without async iteration go through a PassThrough.
  if (typeof legacy.pipe === 'function' && !(Symbol.asyncIterator in input))
    iterable = legacy.pipe(new PassThrough()) as unknown as AsyncIterable<Buffer>;
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let error: Error | undefined;
  parser.on('error', (err) => {
    error = err;
  });
  let events: SaxEvent[] = [];
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest) parser.write(rest);
  if (error) throw error;
  if (events.length) yield events;
}

const saxPath = exceljsRequire.resolve('../../utils/parse-sax.js');
const stale = ['./workbook-reader.js', './worksheet-reader.js', './hyperlink-reader.js'].map((m) =>
  exceljsRequire.resolve(m),
);
const original = here.cache[saxPath];
exceljsRequire(saxPath);
const entry = here.cache[saxPath]!;
const before = entry.exports;
entry.exports = parseSax;
for (const p of stale) delete here.cache[p];
/** exceljs's streaming workbook reader, bound to the UTF-8-safe parser. */
export const WorkbookReader = exceljsRequire(readerPath) as typeof ExcelJS.stream.xlsx.WorkbookReader;
// Everything else keeps exceljs's own parser (already bound in the modules that loaded it).
entry.exports = before;
for (const p of stale) delete here.cache[p];
if (original === undefined) delete here.cache[saxPath];
