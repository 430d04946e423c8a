import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type DomainError, ERROR_CODES } from '../../src/core/errors.ts';
import { normaliseHistory } from '../../src/core/forecast/prepare.ts';
import {
  CATALOGUE,
  errorTitle,
  isMsg,
  LANGS,
  type MessageKey,
  msg,
  readStoredTexts,
  render,
  renderTexts,
  templateParams,
} from '../../src/core/messages.ts';

const keys = Object.keys(CATALOGUE.en) as MessageKey[];
// Templates that are only parameters (or a code) read the same in both languages.
const SAME_IN_BOTH = new Set<string>(['text.plain', 'import.format', 'import.header_problems']);

describe('message catalogue', () => {
  it('has every key in every language, with the same parameters', () => {
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGUE[lang]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const template = CATALOGUE[lang][key];
        expect(typeof template, `${lang} ${key}`).toBe('string');
        expect(template.trim(), `${lang} ${key}`).not.toBe('');
        expect(new Set(templateParams(template)), `${lang} ${key}`).toEqual(
          new Set(templateParams(CATALOGUE.en[key])),
        );
      }
    }
  });

  it('is translated: Vietnamese differs from English, in NFC, with its diacritics', () => {
    for (const key of keys) {
      const vi = CATALOGUE.vi[key];
      expect(vi.normalize('NFC'), key).toBe(vi);
      if (!SAME_IN_BOTH.has(key)) expect(vi, key).not.toBe(CATALOGUE.en[key]);
    }
    expect(CATALOGUE.vi['import.date']).toContain('không phải ngày hợp lệ');
    expect(CATALOGUE.vi['move.lacks']).toContain('cán bộ quầy tiếp nhận');
  });

  it('titles every error code in both languages; the English title is the documented meaning', () => {
    for (const code of Object.keys(ERROR_CODES) as Array<keyof typeof ERROR_CODES>) {
      expect(errorTitle(code, 'en')).toBe(ERROR_CODES[code]);
      expect(errorTitle(code, 'vi')).not.toBe(code);
      expect(errorTitle(code, 'vi')).not.toBe(ERROR_CODES[code]);
    }
  });

  it('docs/errors.md shows each code’s Vietnamese title from the catalogue', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| ([A-Z_]+) *\|.*\| ([^|]+?) *\|$/gm)].map((m) => [m[1], m[2]]);
    expect(rows.length).toBe(Object.keys(ERROR_CODES).length);
    for (const [code, vi] of rows) expect(vi).toBe(errorTitle(code!, 'vi'));
  });

  it('renders parameters, nested messages, numbers and dates per language', () => {
    const day = msg('day.label', { weekday: msg('weekday.1'), date: '2026-01-05' });
    const m = msg('move.lacks', { point: 'Hoàn Kiếm', lack: 3.25, day });
    expect(render(m, 'en')).toBe('Hoàn Kiếm lacks 3.3 counter staff on Monday 2026-01-05');
    expect(render(m, 'vi')).toBe('Hoàn Kiếm thiếu 3,3 cán bộ quầy tiếp nhận vào thứ Hai 05/01/2026');
    expect(render(msg('plan.repairs', { count: 2 }), 'vi')).toContain('2 lần');
    const header = msg('import.header', {
      problems: [
        msg('import.header_missing', { columns: 'a' }),
        msg('import.header_unknown', { columns: 'b' }),
      ],
      expected: [msg('import.format', { required: 'a,c' }), msg('import.format', { required: 'x' })],
    });
    expect(render(header, 'en')).toBe('wrong header (missing a; unknown b); expected: a,c or x');
    expect(render(header, 'vi')).toBe(
      'dòng tiêu đề không đúng (thiếu cột a; cột không xác định b); cần: a,c hoặc x',
    );
  });

  it('renderTexts renders every message into its text; untouched values stay the same', () => {
    const value = {
      moves: [{ to: 'P2', reason: msg('import.empty') }],
      explanation: [msg('import.empty'), msg('import.too_large')],
      note: 'plain text',
      other: { n: 1, key: 'not a message', label: 'x' },
    };
    const vi = renderTexts(value, 'vi');
    expect(vi).toEqual({
      moves: [{ to: 'P2', reason: 'đang để trống' }],
      explanation: ['đang để trống', 'quá lớn'],
      note: 'plain text',
      other: { n: 1, key: 'not a message', label: 'x' },
    });
    expect(vi.other).toBe(value.other);
    expect(renderTexts(value, 'en')).toEqual({
      moves: [{ to: 'P2', reason: 'is empty' }],
      explanation: ['is empty', 'is too large'],
      note: 'plain text',
      other: { n: 1, key: 'not a message', label: 'x' },
    });
    expect(value.moves[0]!.reason).toEqual(msg('import.empty')); // the input is not changed
    const plain = { a: [1, 2], b: { c: 'x' } };
    expect(renderTexts(plain, 'vi')).toBe(plain);
    expect(isMsg({ key: 'import.empty' })).toBe(true);
    expect(isMsg({ key: 'import.empty', params: { a: 1 }, extra: 1 })).toBe(false);
    expect(isMsg({ key: 'P1' })).toBe(false);
  });

  it('values stored with each text twice (English beside its message) read and render from the message', () => {
    const old = {
      moves: [{ to: 'P2', reason: 'is empty', reason_msg: msg('import.empty') }],
      explanation: ['is empty', 'is too large'],
      explanation_msgs: [msg('import.empty'), msg('import.too_large')],
      plain: { reason: 'written before messages' },
    };
    expect(renderTexts(old, 'vi')).toEqual({
      moves: [{ to: 'P2', reason: 'đang để trống' }],
      explanation: ['đang để trống', 'quá lớn'],
      plain: { reason: 'written before messages' },
    });
    expect(readStoredTexts(old)).toEqual({
      moves: [{ to: 'P2', reason: msg('import.empty') }],
      explanation: [msg('import.empty'), msg('import.too_large')],
      plain: { reason: 'written before messages' },
    });
    const current = { moves: [{ reason: msg('import.empty') }] };
    expect(readStoredTexts(current)).toBe(current);
  });

  it('a bad forecast history is named in either language (core errors carry their messages)', () => {
    let caught: unknown;
    try {
      normaliseHistory([
        { date: '2026-01-05', value: 3 },
        { date: '2026-01-05', value: 4 },
      ]);
    } catch (err) {
      caught = err;
    }
    const err = caught as DomainError;
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toBe('history has the date 2026-01-05 twice');
    expect(render(err.msg!, 'vi')).toBe('lịch sử có ngày 2026-01-05 hai lần');
    expect(renderTexts(err.details, 'vi')).toEqual([
      { field: 'date', value: '2026-01-05', reason: 'ngày bị trùng' },
    ]);
  });
});
