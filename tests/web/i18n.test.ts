import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/core/access.ts';
import { JOB_STATES, QUEUES } from '../../src/jobs/types.ts';
import { CHANNELS, FIELDS } from '../../src/schemas/domain.ts';
import { PUBLIC_DIR } from '../../src/web/plugin.ts';

// The page's own module (plain JS with JSDoc, not part of the TS project): it reads localStorage only inside
// try/catch, so it loads in Node too.
const I18N = '../../src/web/public/js/i18n.js';
const { DICTIONARY, fmtDate, fmtNum, fmtPct, fmtTime, t } = (await import(I18N)) as {
  DICTIONARY: { vi: Record<string, string>; en: Record<string, string> };
  fmtNum: (v: number, digits?: number) => string;
  fmtPct: (v: number, digits?: number) => string;
  fmtDate: (iso: string, opts?: { weekday?: boolean; short?: boolean }) => string;
  fmtTime: (ts: string) => string;
  t: (key: string) => string;
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('dashboard strings', () => {
  it('has every Vietnamese key in English and no extra English key', () => {
    expect(Object.keys(DICTIONARY.en).sort()).toEqual(Object.keys(DICTIONARY.vi).sort());
    for (const [k, v] of Object.entries(DICTIONARY.en)) expect(v, k).not.toBe('');
  });

  it('defines every literal key the pages ask for', () => {
    const vi = DICTIONARY.vi;
    const missing: string[] = [];
    for (const f of files(PUBLIC_DIR).filter((p) => p.endsWith('.js'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) {
        if (!(m[1]! in vi)) missing.push(`${f}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names every field, channel, role, queue and job state', () => {
    // The server's own lists: a field, channel, role, queue or state added there needs a label here.
    const keys = [
      ...FIELDS.map((f) => `field.${f}`),
      ...CHANNELS.map((c) => `channel.${c}`),
      ...ROLES.map((r) => `role.${r}`),
      ...QUEUES.map((q) => `queue.${q}`),
      ...JOB_STATES.map((s) => `state.${s}`),
      ...['draft', 'approved', 'rejected'].map((s) => `plan.status.${s}`),
    ];
    for (const k of keys) expect(DICTIONARY.vi, k).toHaveProperty([k]);
  });

  it('formats numbers the Vietnamese way by default (1.234,5)', () => {
    expect(fmtNum(1234.5, 1)).toBe('1.234,5');
    expect(fmtNum(8000)).toBe('8.000');
    expect(fmtPct(0.9985, 2)).toMatch(/^99,85\s?%$/);
    expect(t('nav.overview')).toBe('Tổng quan');
  });

  it('writes dates day first with slashes, and times in Hanoi', () => {
    expect(fmtDate('2026-11-05')).toBe('05/11/2026');
    expect(fmtDate('2026-11-05', { short: true })).toBe('05/11');
    expect(fmtDate('2026-11-05', { weekday: true, short: true })).toMatch(/^(Th|T)[^,]*, 05\/11$/);
    // Postgres text timestamps and ISO ones; 23:08 UTC is 06:08 the next day in Hanoi.
    expect(fmtTime('2026-11-25 23:08:24.064+00')).toBe('26/11 06:08:24');
    expect(fmtTime('2026-11-25T22:53:39.018Z')).toBe('26/11 05:53:39');
  });
});
