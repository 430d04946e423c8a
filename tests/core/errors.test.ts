import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError, ERROR_CODES, isDomainError } from '../../src/core/errors.ts';

describe('error codes', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| ([A-Z_]+) *\|/gm)].map((m) => m[1]);

  it('docs/errors.md has exactly one row per code', () => {
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('recognises domain errors by code, also after crossing a process boundary as plain data', () => {
    const e = new DomainError('PLAN_INFEASIBLE', 'x');
    expect(isDomainError(e)).toBe(true);
    expect(isDomainError(JSON.parse(JSON.stringify({ code: e.code, message: e.message })))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'ENOENT' })).toBe(false);
  });
});
