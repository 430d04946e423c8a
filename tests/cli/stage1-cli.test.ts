import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evaluateMoves } from '../../src/core/optimize/evaluate.ts';
import { parseProblem } from '../../src/core/optimize/problem.ts';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run('node', ['bin/dieuphoi.js', ...args], { cwd: join(import.meta.dirname, '..', '..') }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({
      code: e.code,
      stdout: e.stdout,
      stderr: e.stderr,
    }),
  );

describe('dieuphoi erlang', () => {
  it('prints the issue JSON with the smallest number of counters', async () => {
    const r = await cli([
      'erlang',
      '--calls-per-hour',
      '200',
      '--aht',
      '180',
      '--target-sl',
      '0.8',
      '--target-seconds',
      '20',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual([
      'agents',
      'service_level',
      'asa_seconds',
      'occupancy',
      'wait_probability',
    ]);
    expect(out.agents).toBe(14);
    expect(out.service_level).toBeCloseTo(0.888350019179, 9); // exact textbook value, see erlang-c.test.ts
  });

  it('evaluates --agents, and rejects bad numbers naming the option', async () => {
    const r = await cli([
      'erlang',
      '--calls-per-hour',
      '8',
      '--aht',
      '900',
      '--target-seconds',
      '900',
      '--agents',
      '3',
    ]);
    const out = JSON.parse(r.stdout);
    expect(out.agents).toBe(3);
    expect(out.asa_seconds).toBeCloseTo(400, 9); // load 2 Erlangs, C = 4/9: ASA = C·900/(3 − 2)
    const bad = await cli(['erlang', '--calls-per-hour', 'x', '--aht', '900', '--target-seconds', '900']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/INPUT_INVALID: --calls-per-hour/);
  });
});

describe('dieuphoi optimize', () => {
  const dir = mkdtempSync(join(tmpdir(), 'optimize-'));
  const example = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'stage1-problem.json');

  it('solves the example problem to proven optimality; --output writes the file', async () => {
    const out = join(dir, 'result.json');
    const r = await cli(['optimize', '--problem', example, '--output', out]);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.status).toBe('optimal');
    expect(Math.abs(result.objective - result.bound)).toBeLessThanOrEqual(
      1e-6 * Math.max(1, result.objective),
    );
    const problem = parseProblem(JSON.parse(readFileSync(example, 'utf8')));
    expect(evaluateMoves(problem, result.moves).objective).toBeCloseTo(result.objective, 9);
    expect(result.moves.length).toBeGreaterThan(0);
  });

  it('reports malformed input with the JSON path and a non-zero exit', async () => {
    const p = JSON.parse(readFileSync(example, 'utf8'));
    p.available.HK = [3];
    p.reception.XX = [1, 1];
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(p));
    const r = await cli(['optimize', '--problem', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INPUT_INVALID/);
    expect(r.stderr).toMatch(/\/available\/HK/);
    expect(r.stderr).toMatch(/\/reception\/XX/);
  });

  it('prints status infeasible (exit 0) with the violated points and days', async () => {
    const p = JSON.parse(readFileSync(example, 'utf8'));
    p.points[2].min_staff = 20;
    const file = join(dir, 'infeasible.json');
    writeFileSync(file, JSON.stringify(p));
    const r = await cli(['optimize', '--problem', file]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.status).toBe('infeasible');
    expect(result.violated.map((v: { day: string }) => v.day)).toEqual(['2026-01-05', '2026-01-06']);
    expect(result.violated[0].short_points).toContain('CG');
  });
});

describe('dieuphoi plan --input', () => {
  it('runs the weekly pipeline on the example bundle and writes the roster CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const csv = join(dir, 'roster.csv');
    const input = join(import.meta.dirname, '..', '..', 'docs', 'examples', 'plan-input.json');
    const r = await cli(['plan', '--input', input, '--summary', '--csv', csv]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('optimal');
    expect(out.kpis.service_level.after).toBeGreaterThan(out.kpis.service_level.before);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('week,date,staff_id,name,home_point,work_point,status,travel_minutes,reason');
    expect(lines).toHaveLength(1 + 17 * 6);
    expect(lines.filter((l) => l.includes(',moved,'))).toHaveLength(out.kpis.moves);
  });

  it('rejects a bundle with a bad field, naming its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const input = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'plan-input.json'), 'utf8'),
    );
    input.forecast[3].channel = 'fax';
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(input));
    const r = await cli(['plan', '--input', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/INPUT_INVALID: .*\/forecast\/3\/channel/);
  });
});
