import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../../src/core/errors.ts';
import { render, renderTexts } from '../../src/core/messages.ts';
import { parseProblem } from '../../src/core/optimize/problem.ts';
import { parseOrThrow } from '../../src/schemas/validate.ts';
import { tinyProblem } from './optimize/fixtures.ts';

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('accepted');
}

describe('input checks speak the catalogue', () => {
  it('a problem file: rule failures in English and Vietnamese, every detail kept', () => {
    const p = structuredClone(tinyProblem()) as unknown as { points: Array<{ id: string }> };
    p.points[1]!.id = p.points[0]!.id;
    const e = refusal(() => parseProblem(p));
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.msg).toBeDefined();
    expect(render(e.msg!, 'en')).toMatch(/^problem is invalid: \/points\/1\/id: duplicate point id/);
    expect(render(e.msg!, 'vi')).toMatch(/^bài toán không hợp lệ: \/points\/1\/id: mã điểm bị trùng/);
    expect(e.message).toBe(render(e.msg!, 'en'));
    const vi = renderTexts(e.details, 'vi');
    expect(vi.length).toBe(e.details.length);
    expect(vi.every((d) => typeof d.reason === 'string' && d.reason.length > 0)).toBe(true);
  });

  it('a schema failure at a boundary: the keyword in the catalogue, the count of the others', () => {
    const S = Type.Object(
      { a: Type.Integer({ minimum: 1 }), b: Type.String() },
      { additionalProperties: false },
    );
    const e = refusal(() => parseOrThrow(S, { a: 0, c: 1 }, 'job data'));
    const en = renderTexts(e.details, 'en');
    const vi = renderTexts(e.details, 'vi');
    expect(en).toContainEqual({ field: '/a', reason: 'must be >= 1' });
    expect(vi).toContainEqual({ field: '/a', reason: 'phải >= 1' });
    expect(vi).toContainEqual({ field: '/', reason: "thiếu trường bắt buộc 'b'" });
    expect(vi).toContainEqual({ field: '/c', reason: 'có trường không được phép' });
    expect(render(e.msg!, 'vi')).toMatch(/^job data không hợp lệ: .+ \(và 2 lỗi khác\)$/);
  });
});
