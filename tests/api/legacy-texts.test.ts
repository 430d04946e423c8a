import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMsg, type Msg, msg, render } from '../../src/core/messages.ts';
import { buildWeeklyPlan } from '../../src/core/optimize/weekly-plan.ts';
import type { Db } from '../../src/store/db.ts';
import { type TestApi, testApi } from '../helpers/api.ts';
import { pgliteBackend } from '../helpers/backends.ts';
import { weeklyPlanFixture } from '../helpers/weekly-plan-fixture.ts';

const VI = { 'accept-language': 'vi' };

/**
 * A value as stored before texts were messages: each text in English with its message beside it
 * (`reason` + `reason_msg`, `explanation` + `explanation_msgs`).
 */
function oldShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(oldShape);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (isMsg(x)) {
      out[k] = render(x, 'en');
      out[`${k}_msg`] = x;
    } else if (Array.isArray(x) && x.length > 0 && x.every(isMsg)) {
      out[k] = (x as Msg[]).map((m) => render(m, 'en'));
      out[`${k}_msgs`] = x;
    } else out[k] = oldShape(x);
  }
  return out;
}

describe('rows stored with every text twice (before texts were messages) still read', () => {
  let db: Db;
  let t: TestApi;
  const plan = buildWeeklyPlan(weeklyPlanFixture());
  beforeAll(async () => {
    db = await pgliteBackend.open();
    t = await testApi(db);
    const stored = oldShape(plan) as { roster: { moves: Array<Record<string, unknown>> } };
    expect(stored.roster.moves[0]!.reason_msg).toBeDefined();
    await db.query(
      `INSERT INTO plans (id, week, parameters, inputs, kpis, result) VALUES ($1, $2, '{}', '{}', $3, $4)`,
      ['plan-old', plan.week, JSON.stringify(plan.kpis), JSON.stringify(stored)],
    );
    const reason = msg('scenario.holiday_outside', { index: 0, date: '2026-03-02' });
    await db.query(
      `INSERT INTO roadmaps (id, start_date, quarters, max_transfers, solver_status, result)
       VALUES ('roadmap-old', '2026-04-01', 1, 1, 'optimal', $1)`,
      [
        JSON.stringify({
          roadmap: {
            quarters: [
              {
                label: '2026-Q2',
                transfers: [{ staff_id: 'S1', reason: render(reason, 'en'), reason_msg: reason }],
              },
            ],
          },
        }),
      ],
    );
    await db.query(`INSERT INTO simulation_runs (id, input, result) VALUES ('sim-old', '{}', $1)`, [
      JSON.stringify({
        base: { notes: [render(reason, 'en')], notes_msgs: [reason] },
        legacy: { reason: 'plain English' },
      }),
    ]);
  });
  afterAll(async () => {
    await t.app.close();
    await db.close();
  });

  it('a plan answers in the reader’s language from the stored message, without the twin', async () => {
    const vi = await t.as('viewer', { url: '/plans/plan-old', headers: VI });
    expect(vi.statusCode, vi.body).toBe(200);
    expect(vi.body).not.toMatch(/_msgs?"/);
    const moves = vi.json().result.roster.moves as Array<{ reason: string }>;
    for (const m of moves) expect(m.reason).toMatch(/^Hoàn Kiếm thiếu [\d,]+ cán bộ quầy tiếp nhận vào thứ /);
    expect(vi.json().result.explanation[0]).toMatch(/^Tuần 2026-W02/);
    const en = (await t.as('viewer', '/plans/plan-old')).json();
    expect(en.result.roster.moves[0].reason).toMatch(/^Hoàn Kiếm lacks [\d.]+ counter staff on /);
    // The diff and the CSV read the stored messages too.
    const diff = (await t.as('viewer', { url: '/plans/plan-old/diff/plan-old', headers: VI })).json();
    expect(diff.moves).toEqual({ added: [], removed: [], changed: [] });
    const csv = await t.as('viewer', { url: '/plans/plan-old/csv', headers: VI });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toMatch(/thiếu/);
  });

  it('a roadmap and a simulation run render their stored messages; a text without one stays as it was', async () => {
    const road = await t.as('viewer', { url: '/roadmaps/roadmap-old', headers: VI });
    expect(road.statusCode, road.body).toBe(200);
    expect(road.json().result.roadmap.quarters[0].transfers[0]).toEqual({
      staff_id: 'S1',
      reason: 'thay đổi 0: ngày 02/03/2026 nằm ngoài phương án; chỉ làm dịch chuyển thời hạn giải quyết',
    });
    const sim = await t.as('viewer', { url: '/simulations/sim-old', headers: VI });
    expect(sim.statusCode, sim.body).toBe(200);
    expect(sim.json().result).toEqual({
      base: {
        notes: ['thay đổi 0: ngày 02/03/2026 nằm ngoài phương án; chỉ làm dịch chuyển thời hạn giải quyết'],
      },
      legacy: { reason: 'plain English' },
    });
  });
});
