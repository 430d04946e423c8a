import { describe, expect, it } from 'vitest';
import { poolSkillShortfalls } from '../../../src/core/optimize/pool-skills.ts';
import { parseProblem } from '../../../src/core/optimize/problem.ts';
import type { Staff } from '../../../src/schemas/domain.ts';
import { loadWorkTypesModel } from '../../../src/store/model-files.ts';
import { tinyProblem } from './fixtures.ts';

const model = loadWorkTypesModel();
const person = (id: string, home: string, fields: Staff['fields'], skills?: Staff['skills']): Staff => ({
  id,
  name: id,
  home_point: home,
  fields,
  fte: 1,
  role: 'staff',
  active: true,
  ...(skills ? { skills } : {}),
});

describe('pooled work by skill', () => {
  // HK: 4 present, counters 1 → 3 spare, nobody with land; BD: 2 present, counters 1.5 → 0.5 spare, land.
  const problem = parseProblem(
    tinyProblem({
      available: { HK: [4], BD: [2], CG: [1] },
      reception: { HK: [1], BD: [1.5], CG: [1] },
      processing: [3],
    }),
  );
  const present = { HK: [4], BD: [2], CG: [1] };
  const staff = [
    ...['h1', 'h2', 'h3', 'h4'].map((id) => person(id, 'HK', ['civil_status'])),
    person('b1', 'BD', ['land']),
    person('b2', 'BD', ['land', 'civil_status']),
    person('c1', 'CG', ['land']),
  ];
  const home = new Map(staff.map((s) => [s.id, s.home_point]));
  const where = (id: string) => home.get(id) ?? null;

  it('reports the share of a field that no spare skilled person can take', () => {
    const short = poolSkillShortfalls(
      problem,
      { land: [2], civil_status: [1] },
      present,
      staff,
      where,
      model,
    );
    expect(short).toHaveLength(1);
    expect(short[0]!.field).toBe('land');
    expect(short[0]!.staff_days).toBeCloseTo(1.5, 6);
  });

  it('nothing short when the skilled have the hours; a person without the work type among their skills does not count', () => {
    expect(poolSkillShortfalls(problem, { civil_status: [3] }, present, staff, where, model)).toEqual([]);
    const noAcceptance = staff.map((s) =>
      s.home_point === 'HK' ? { ...s, skills: ['counter_reception' as const] } : s,
    );
    const short = poolSkillShortfalls(problem, { civil_status: [3] }, present, noAcceptance, where, model);
    expect(short.map((s) => [s.field, Math.round(s.staff_days * 1e6) / 1e6])).toEqual([
      ['civil_status', 2.5],
    ]);
  });
});
