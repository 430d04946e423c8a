import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = new URL('../../bin/dieuphoi.js', import.meta.url).pathname;

const problem = {
  days: ['2026-01-05', '2026-01-06'],
  points: [
    { id: 'A', lat: 21.0, lon: 105.8, min_staff: 1 },
    { id: 'B', lat: 21.03, lon: 105.8, min_staff: 1 },
  ],
  available: { A: [8, 8], B: [3, 3] },
  reception: { A: [2.2, 2], B: [2.5, 1] },
  processing: [8, 7],
  travel: { speed_kmh: 25, detour: 1.3, max_minutes: 45 },
  weights: { unmet_reception: 100, unmet_processing: 10, move: 1, travel_minute: 0.05 },
};

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'simulate', ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('dieuphoi simulate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
  const problemFile = join(dir, 'problem.json');
  writeFileSync(problemFile, JSON.stringify(problem));

  it('--problem --scenario --json prints wait, backlog and overdue for base, scenario and difference', async () => {
    const scenarioFile = join(dir, 'scenario.json');
    writeFileSync(scenarioFile, JSON.stringify([{ kind: 'add_staff', point: 'B', staff: -2 }]));
    const args = [
      '--problem',
      problemFile,
      '--scenario',
      scenarioFile,
      '--replications',
      '10',
      '--seed',
      '3',
      '--json',
    ];
    const r = await cli([...args, '--threads', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const side of ['base', 'scenario', 'difference']) {
      expect(out[side].city.wait.mean_min).toBeDefined();
      expect(out[side].city.backlog.end).toBeDefined();
      expect(out[side].city.overdue.total).toBeDefined();
    }
    expect(
      out.difference.points.find((p: { point: string }) => p.point === 'B').wait.mean_min.difference,
    ).toBeGreaterThan(0);
  });

  it('rejects a bad scenario with the edit index and field on stderr, non-zero exit', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ kind: 'move_staff', from: 'A', to: 'B', staff: 0 }]));
    const r = await cli(['--problem', problemFile, '--scenario', bad, '--replications', '4']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^INPUT_INVALID: scenario is invalid/);
    expect(r.stderr).toMatch(/\/0\/staff/);
  });

  it('--problem reads the file optimize --problem reads (docs example) and places staff by its optimum', async () => {
    const example = new URL('../../docs/examples/stage1-problem.json', import.meta.url).pathname;
    const optimum = await run(process.execPath, [BIN, 'optimize', '--problem', example]);
    const moves = JSON.parse(optimum.stdout).moves as Array<{ staff: number }>;
    const r = await cli(['--problem', example, '--replications', '4']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const staffDays = moves.reduce((s, m) => s + m.staff, 0);
    expect(r.stdout).toContain(
      `plan: stage-1 optimum (optimal), ${moves.length} moves, ${staffDays} staff-days moved`,
    );
    expect(JSON.parse(readFileSync(example, 'utf8')).points[0].name).toBeDefined(); // names are accepted
  });
});
