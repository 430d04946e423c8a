import { afterAll, beforeAll, expect, it } from 'vitest';
import { render } from '../../src/core/messages.ts';
import type { Db } from '../../src/store/db.ts';
import { upsertPoints } from '../../src/store/points-repo.ts';
import { type IndicatorRow, indicatorReport } from '../../src/usecases/indicators.ts';
import { TEST_POINTS } from '../helpers/api.ts';
import { describeStores } from '../helpers/backends.ts';
import {
  ensureRegisterTables,
  insertDossiers,
  insertTickets,
  setCoverage,
} from '../helpers/register-rows.ts';

/**
 * A register counted by hand: P1 has a register (2025-07-01..03) and tickets; P2 only daily counts, plus one
 * dossier it decides (filed at P1, the one-tier model) finished late.
 */
async function seed(db: Db) {
  await upsertPoints(db, TEST_POINTS);
  await ensureRegisterTables(db);
  await insertDossiers(db, [
    // early, in person, digitised, electronic result
    {
      code: 'd1',
      procedure_code: 'A',
      channel: 'in_person',
      digitised: true,
      receiving_point: 'P1',
      received_on: '2025-07-01',
      due_on: '2025-07-03',
      finished_on: '2025-07-02',
      electronic_result: true,
    },
    // on the due day, full-process online
    {
      code: 'd2',
      procedure_code: 'A',
      channel: 'online',
      online_level: 'full',
      digitised: true,
      receiving_point: 'P1',
      received_on: '2025-07-01',
      due_on: '2025-07-01',
      finished_on: '2025-07-01',
      electronic_result: false,
    },
    // filed at P1, decided by P2, overdue
    {
      code: 'd3',
      procedure_code: 'B',
      channel: 'online',
      online_level: 'partial',
      digitised: true,
      receiving_point: 'P1',
      competent_unit: 'P2',
      received_on: '2025-07-01',
      due_on: '2025-07-02',
      finished_on: '2025-07-03',
      electronic_result: true,
      field: 'land',
    },
    // postal, pending, past due from 2025-07-03
    {
      code: 'd4',
      channel: 'postal',
      digitised: true,
      receiving_point: 'P1',
      received_on: '2025-07-02',
      due_on: '2025-07-02',
    },
    // in person, not digitised, withdrawn
    {
      code: 'd5',
      channel: 'in_person',
      digitised: false,
      receiving_point: 'P1',
      received_on: '2025-07-02',
      due_on: '2025-07-05',
      withdrawn: true,
    },
  ]);
  await setCoverage(db, 'P1', '2025-07-01', '2025-07-03');
  await insertTickets(db, [
    {
      point: 'P1',
      number: '1',
      issued_at: '2025-07-01 08:00:00',
      called_at: '2025-07-01 08:02:00',
      finished_at: '2025-07-01 08:07:00',
    },
    {
      point: 'P1',
      number: '2',
      issued_at: '2025-07-01 08:10:00',
      called_at: '2025-07-01 08:14:00',
      finished_at: '2025-07-01 08:22:00',
    },
    { point: 'P1', number: '3', issued_at: '2025-07-01 08:20:00', abandoned: true },
  ]);
  // P2: daily counts (in person 5 received, 4 resolved of which 1 overdue; online 5, 4 resolved on time);
  // P1's daily row falls inside its register coverage and must not count.
  for (const [point, channel, received, resolved, onTime, overdue] of [
    ['P2', 1, 5, 4, 3, 1],
    ['P2', 2, 5, 4, 4, 0],
    ['P1', 1, 99, 0, 0, 0],
  ] as const)
    await db.query(
      `INSERT INTO daily_volumes (point, date, channel_id, field_id, received, resolved, on_time, overdue)
       VALUES ($1, '2025-07-01', $2, 3, $3, $4, $5, $6)`,
      [point, channel, received, resolved, onTime, overdue],
    );
}

describeStores('indicators from the register and daily counts', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await seed(db);
  });
  afterAll(async () => backend.dispose(db));

  const row = (rows: IndicatorRow[], key: string, period?: string) =>
    rows.find((r) => r.key === key && (period === undefined || r.period === period))!;

  it('per point over the quarter: receiving side at the receiving point, resolution at the competent unit', async () => {
    const r = await indicatorReport(db, {
      level: 'point',
      period: 'quarter',
      from: '2025-07-01',
      to: '2025-07-03',
    });
    expect(r.periods).toEqual(['2025-07-01']);
    expect(r.register).toBe(true);
    const p1 = row(r.rows, 'P1');
    expect(p1.name).toBe('Hoàn Kiếm');
    expect(p1.values).toMatchObject({
      received: 5,
      received_in_person: 2,
      received_online: 2,
      received_postal: 1,
      online_share: 0.4,
      full_online_share: 0.2,
      postal_share: 0.2,
      digitised_share: 0.5,
      resolved: 2,
      resolved_in_time_share: 1,
      resolved_early_share: 0.5,
      resolved_on_time_share: 0.5,
      resolved_overdue_share: 0,
      electronic_result_share: 0.5,
      pending_past_due: 1,
      tickets: 3,
      wait_median_min: 3,
      wait_p90_min: 3.8,
      service_median_min: 6.5,
      abandoned_share: 0.3333,
    });
    const p2 = row(r.rows, 'P2');
    // daily counts only on the receiving side; resolution: 8 from counts + d3 from the register
    expect(p2.values).toMatchObject({ received: 10, online_share: 0.5, resolved: 9 });
    expect(p2.values.resolved_in_time_share).toBeCloseTo(7 / 9, 4);
    expect(p2.values.resolved_overdue_share).toBeCloseTo(2 / 9, 4);
    expect(p2.values.full_online_share).toBeNull();
    const why = Object.fromEntries(p2.unavailable.map((u) => [u.id, render(u.reason, 'en')]));
    expect(why.digitised_share).toContain('only daily counts');
    expect(why.tickets).toContain('no queue tickets');
    // ranks among points: P2 files more online, P1 resolves more in time
    expect(p2.ranks.online_share).toBe(1);
    expect(p1.ranks.online_share).toBe(2);
    expect(p1.ranks.resolved_in_time_share).toBe(1);
    expect(p1.ranks.pending_past_due).toBe(2);
    expect(r.not_in_register.map((n) => n.id)).toEqual(['publicity', 'online_payment_share', 'satisfaction']);
    expect(r.by_procedure.find((p) => p.procedure_code === 'A')).toMatchObject({
      resolved: 2,
      median_days: 0.5,
    });
  });

  it('per day: pending past due counted at the end of each day', async () => {
    const r = await indicatorReport(db, {
      level: 'point',
      period: 'day',
      from: '2025-07-01',
      to: '2025-07-03',
      point: 'P1',
    });
    expect(r.rows.map((x) => [x.period, x.values.pending_past_due])).toEqual([
      ['2025-07-01', 0],
      ['2025-07-02', 0],
      ['2025-07-03', 1],
    ]);
    expect(row(r.rows, 'P1', '2025-07-02').values.received).toBe(2);
  });

  it('per branch and for the city the counts add up', async () => {
    const b = await indicatorReport(db, {
      level: 'branch',
      period: 'month',
      from: '2025-07-01',
      to: '2025-07-03',
    });
    expect(b.rows.map((x) => [x.key, x.values.received])).toEqual([
      ['Chi nhánh 1', 5],
      ['Chi nhánh 2', 10],
    ]);
    const c = await indicatorReport(db, {
      level: 'city',
      period: 'week',
      from: '2025-07-01',
      to: '2025-07-03',
    });
    expect(c.periods).toEqual(['2025-06-30']);
    expect(c.rows[0]!.values).toMatchObject({ received: 15, resolved: 11, received_online: 7 });
  });

  it('refuses bad ranges and unknown points', async () => {
    await expect(
      indicatorReport(db, { level: 'city', period: 'day', from: '2025-07-03', to: '2025-07-01' }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    await expect(
      indicatorReport(db, {
        level: 'point',
        period: 'day',
        from: '2025-07-01',
        to: '2025-07-03',
        point: 'NOPE',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      indicatorReport(db, { level: 'point', period: 'day', from: '1900-01-01', to: '2025-07-03' }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
  });
});
