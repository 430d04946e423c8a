import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { parseDayTime } from '../../../src/core/register/day-time.ts';

// The regular-expression reading the fast path of ISO shapes replaced (day-time.ts before #13's speed work).
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
function byRegex(t: string): { day: string; time: string | null } | undefined {
  const m = ISO.exec(t.trim());
  if (!m) return undefined;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) return undefined;
  if (m[4] === undefined) return { day, time: null };
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  return { day, time: `${p(h)}:${p(mi)}:${p(s)}` };
}

describe('parseDayTime', () => {
  const p2 = (n: number) => String(n).padStart(2, '0');
  test.prop([
    fc.integer({ min: 1990, max: 2100 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('', ' ', 'T'),
    fc.boolean(),
  ])('reads ISO days and times as the regular expression did', (y, m, d, h, mi, s, sep, seconds) => {
    const day = `${y}-${p2(m)}-${p2(d)}`;
    const t = sep === '' ? day : `${day}${sep}${p2(h)}:${p2(mi)}${seconds ? `:${p2(s)}` : ''}`;
    expect(parseDayTime(t)).toEqual(byRegex(t));
  });

  // The regular-expression reading of dd/mm/yyyy[ HH:mm[:ss]] that a fast path replaced for two-digit shapes.
  const VN = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
  function vnByRegex(t: string): { day: string; time: string | null } | undefined {
    const m = VN.exec(t.trim());
    if (!m) return undefined;
    return byRegex(
      `${m[3]}-${p2(Number(m[2]))}-${p2(Number(m[1]))}${m[4] === undefined ? '' : ` ${p2(Number(m[4]))}:${m[5]}:${m[6] ?? '00'}`}`,
    );
  }
  test.prop([
    fc.integer({ min: 1990, max: 2100 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.integer({ min: 0, max: 61 }),
    fc.constantFrom('', ' ', 'T', ', '),
    fc.boolean(),
    fc.boolean(),
  ])(
    'reads dd/mm/yyyy days and times as the regular expression did',
    (y, m, d, h, mi, s, sep, seconds, pad) => {
      const q = (n: number) => (pad ? p2(n) : String(n));
      const day = `${q(d)}/${q(m)}/${y}`;
      const t = sep === '' ? day : `${day}${sep}${q(h)}:${p2(mi)}${seconds ? `:${p2(s)}` : ''}`;
      expect(parseDayTime(t)).toEqual(vnByRegex(t));
    },
  );

  it('reads the other shapes', () => {
    expect(parseDayTime('05/09/2025 14:30')).toEqual({ day: '2025-09-05', time: '14:30:00' });
    expect(parseDayTime(' 2025-09-05 ')).toEqual({ day: '2025-09-05', time: null });
    expect(parseDayTime('2025-09-05T14:30:15.250')).toEqual({ day: '2025-09-05', time: '14:30:15' });
    expect(parseDayTime('14:30 05/09/2025')).toEqual({ day: '2025-09-05', time: '14:30:00' });
    expect(parseDayTime('2025-9-05')).toBeUndefined();
    expect(parseDayTime('2025-09-05 24:00')).toBeUndefined();
    expect(parseDayTime('2025-02-29')).toBeUndefined();
  });
});
