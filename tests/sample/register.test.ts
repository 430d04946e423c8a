import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/core/calendar/index.ts';
import { dueDate } from '../../src/core/register/due-date.ts';
import { DEFAULT_SEED } from '../../src/sample/dataset.ts';
import { historyRows } from '../../src/sample/history.ts';
import { generateSyntheticPoints } from '../../src/sample/points.ts';
import {
  buildRegisterModel,
  OTHER_PROCEDURE_NAME,
  type RegisterOptions,
  registerDays,
  registerFigures,
  registerRanges,
  type SampleDossier,
  type SampleTicket,
} from '../../src/sample/register.ts';
import { loadProceduresModel } from '../../src/store/model-files.ts';
import { sampleModels } from '../helpers/sample.ts';

const models = sampleModels();
const procedures = loadProceduresModel().procedures;
const points = generateSyntheticPoints(DEFAULT_SEED, { openingHours: models.openingHours });
const UNTIL = '2026-11-24';
const base: RegisterOptions = {
  points,
  until: UNTIL,
  seed: DEFAULT_SEED,
  procedures,
  historyFrom: '2024-01-01',
  ...models,
};
const model = buildRegisterModel(base);
const dossiers: SampleDossier[] = [];
const tickets: SampleTicket[] = [];
const dayGroups: Array<{ date: string; point: string; dossiers: number; tickets: number }> = [];
let firstDay: unknown;
for (const d of registerDays(model)) {
  firstDay ??= structuredClone(d);
  dossiers.push(...d.dossiers);
  tickets.push(...d.tickets);
  dayGroups.push({ date: d.date, point: d.point, dossiers: d.dossiers.length, tickets: d.tickets.length });
}
const figures = registerFigures(dossiers);
const byCode = new Map(points.map((p) => [p.code, p]));

describe('the sample register reproduces the Q3 2025 report at dossier level', () => {
  it('covers the quarter and the last 90 days to until', () => {
    expect(model.ranges).toEqual([
      { from: '2025-07-01', to: '2025-09-30' },
      { from: addDays(UNTIL, -89), to: UNTIL },
    ]);
    const dates = new Set(dossiers.map((d) => d.received_at.slice(0, 10)));
    expect(dates.has('2025-07-01')).toBe(true);
    expect(dates.has('2025-09-23')).toBe(true);
    expect(dates.has(UNTIL)).toBe(true);
    expect(dates.has('2025-10-15')).toBe(false);
    expect([...dates].every((d) => d <= UNTIL)).toBe(true);
  });

  it('531,269 received ±0.1%, 40.05 / 59.71 / 0.24% by channel', () => {
    expect(Math.abs(figures.received / 531_269 - 1)).toBeLessThan(0.001);
    expect(figures.channelShare.in_person).toBeCloseTo(0.4005, 3);
    expect(figures.channelShare.online).toBeCloseTo(0.5971, 3);
    expect(figures.channelShare.postal).toBeCloseTo(0.0024, 3);
  });

  it('96.1% finished by 2025-09-23, 99.85% of them on time, overdue mostly land and social policy', () => {
    expect(Math.abs(figures.finishedShare - 0.961)).toBeLessThan(0.0005);
    expect(Math.abs(figures.onTimeShareOfFinished - 0.9985)).toBeLessThan(0.0001);
    const { land, social_policy } = figures.overdueShareByField;
    expect(land + social_policy).toBeGreaterThan(0.7);
    for (const f of ['civil_status', 'certification', 'business_household', 'construction', 'other'] as const)
      expect(figures.overdueShareByField[f]).toBeLessThan(Math.min(land, social_policy));
  });

  it('files 5–10% at a point other than the competent unit, mostly nearby, more at central points', () => {
    expect(figures.crossPointShare).toBeGreaterThan(0.05);
    expect(figures.crossPointShare).toBeLessThan(0.1);
    expect(figures.crossPointShareByChannel.in_person).toBeGreaterThan(
      figures.crossPointShareByChannel.online,
    );
    const km = (a: string, b: string) => {
      const p = byCode.get(a)!;
      const q = byCode.get(b)!;
      return Math.hypot((p.lat - q.lat) * 111.2, (p.lon - q.lon) * 111.2 * Math.cos((p.lat * Math.PI) / 180));
    };
    const cross = dossiers.filter((d) => d.receiving_point !== d.competent_unit);
    const dist = cross.map((d) => km(d.receiving_point, d.competent_unit)).sort((a, b) => a - b);
    const median = dist[Math.floor(dist.length / 2)]!;
    const allPairs: number[] = [];
    for (const p of points.slice(0, 40))
      for (const q of points.slice(0, 40)) if (p !== q) allPairs.push(km(p.code, q.code));
    allPairs.sort((a, b) => a - b);
    expect(median).toBeLessThan(allPairs[Math.floor(allPairs.length / 4)]!);
    const centre = (code: string) => {
      const p = byCode.get(code)!;
      return (
        Math.hypot(
          (p.lat - 21.0285) * 111.2,
          (p.lon - 105.8542) * 111.2 * Math.cos((p.lat * Math.PI) / 180),
        ) <= 5
      );
    };
    const share = (central: boolean) => {
      const rows = dossiers.filter((d) => centre(d.receiving_point) === central);
      return rows.filter((d) => d.receiving_point !== d.competent_unit).length / rows.length;
    };
    if (points.some((p) => centre(p.code))) expect(share(true)).toBeGreaterThan(share(false));
  });

  it('derives daily received volumes equal to the daily history, counted by hand', () => {
    const fromRegister = new Map<string, number>();
    for (const d of dossiers) {
      const k = `${d.received_at.slice(0, 10)}|${d.receiving_point}|${d.channel}|${d.field}`;
      fromRegister.set(k, (fromRegister.get(k) ?? 0) + 1);
    }
    const fromHistory = new Map<string, number>();
    for (const r of model.ranges)
      for (const h of historyRows(model.history, r.from, r.to))
        if (h.received > 0) fromHistory.set(`${h.date}|${h.point}|${h.channel}|${h.field}`, h.received);
    expect(fromRegister.size).toBe(fromHistory.size);
    for (const [k, v] of fromHistory)
      if (fromRegister.get(k) !== v) expect([k, fromRegister.get(k)]).toEqual([k, v]);
    // One point-day counted row by row.
    const day = '2025-08-12';
    const mine = dossiers.filter((d) => d.receiving_point === 'P001' && d.received_at.startsWith(day));
    let hand = 0;
    for (const h of historyRows(model.history, day, day)) if (h.point === 'P001') hand += h.received;
    expect(mine.length).toBe(hand);
    expect(hand).toBeGreaterThan(0);
  });

  it('uses catalogue procedures of the dossier field, with due dates from core/register/due-date.ts', () => {
    const catalogue = new Map(procedures.map((p) => [p.name_vi, p]));
    let checked = 0;
    for (let i = 0; i < dossiers.length; i += 97) {
      const d = dossiers[i]!;
      if (d.field === 'other') {
        expect(d.procedure_name).toBe(OTHER_PROCEDURE_NAME);
        expect(d.procedure_code).toBeNull();
        continue;
      }
      const p = catalogue.get(d.procedure_name);
      expect(p?.field).toBe(d.field);
      expect(d.procedure_code).toBe(p!.code);
      const [date, time] = d.received_at.split(' ');
      expect(d.due_at).toBe(dueDate(p!.deadline, date!, time, models.calendar));
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(new Set(dossiers.map((d) => d.procedure_name)).size).toBeGreaterThan(40);
    expect(dossiers.every((d) => d.procedure_name === d.procedure_name.normalize('NFC'))).toBe(true);
  });

  it('has codes unique, finishes after receipt, online levels on online dossiers only', () => {
    expect(new Set(dossiers.map((d) => d.code)).size).toBe(dossiers.length);
    for (const d of dossiers) {
      if (d.finished_at !== null && d.finished_at < d.received_at) expect(d).toBe('finished before received');
      if (d.returned_at !== null && (d.finished_at === null || d.returned_at < d.finished_at))
        expect(d).toBe('returned before finished');
      if ((d.channel === 'online') !== (d.online_level !== null)) expect(d).toBe('online level');
      if (d.withdrawn && d.finished_at !== null) expect(d).toBe('withdrawn and finished');
      if (d.electronic_result && d.finished_at === null) expect(d).toBe('electronic result without a result');
    }
  });

  it('holds pending dossiers only in the recent days, a few of them overdue, nothing finished after until', () => {
    const pending = dossiers.filter((d) => d.finished_at === null && !d.withdrawn);
    expect(pending.length).toBeGreaterThan(3_000);
    expect(pending.every((d) => d.received_at >= addDays(UNTIL, -89))).toBe(true);
    expect(pending.some((d) => d.due_at < UNTIL)).toBe(true);
    expect(pending.filter((d) => d.due_at < UNTIL).length).toBeLessThan(pending.length / 5);
    expect(dossiers.every((d) => (d.finished_at ?? '') <= `${UNTIL} 23:59`)).toBe(true);
  });

  it('times of day follow the intraday profile (morning peak, nothing received over lunch)', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const d of dossiers) if (d.channel !== 'in_person') byHour[Number(d.received_at.slice(11, 13))]!++;
    const total = byHour.reduce((a, b) => a + b, 0);
    expect(byHour[12]).toBe(0);
    expect(byHour.slice(0, 8).reduce((a, b) => a + b, 0)).toBe(0);
    expect((byHour[8]! + byHour[9]! + byHour[10]!) / total).toBeGreaterThan(0.4);
    expect(byHour[9]!).toBeGreaterThan(byHour[16]!);
  });

  it('digitised and electronic-result flags have the assumed shares', () => {
    expect(figures.digitisedShare).toBeGreaterThan(0.9);
    expect(figures.digitisedShare).toBeLessThan(1);
    expect(figures.electronicShareOfFinished).toBeGreaterThan(0.6);
    expect(figures.electronicShareOfFinished).toBeLessThan(0.85);
  });
});

describe('the sample queue tickets', () => {
  it('exist for the in-person dossiers of the last 90 days only, plus a few abandoned', () => {
    const recent = addDays(UNTIL, -89);
    expect(tickets.every((t) => t.issued_at >= recent)).toBe(true);
    const served = tickets.filter((t) => !t.abandoned);
    const inPerson = dossiers.filter((d) => d.channel === 'in_person' && d.received_at >= recent);
    expect(served.length).toBe(inPerson.length);
    const abandoned = tickets.length - served.length;
    expect(abandoned / served.length).toBeGreaterThan(0.02);
    expect(abandoned / served.length).toBeLessThan(0.04);
  });

  it('are consistent with counters and waits: issued ≤ called ≤ finished, one citizen per counter at a time', () => {
    const byCounter = new Map<string, Array<[string, string]>>();
    for (const t of tickets) {
      if (t.abandoned) {
        expect(t.called_at).toBeNull();
        continue;
      }
      if (!(t.issued_at <= t.called_at! && t.called_at! < t.finished_at!)) expect(t).toBe('ordered');
      expect(t.counter).toBeGreaterThanOrEqual(1);
      expect(t.counter).toBeLessThanOrEqual(Math.max(1, byCode.get(t.point)!.counters));
      const k = `${t.point}|${t.issued_at.slice(0, 10)}|${t.counter}`;
      const list = byCounter.get(k) ?? [];
      list.push([t.called_at!, t.finished_at!]);
      byCounter.set(k, list);
    }
    for (const list of byCounter.values()) {
      list.sort((a, b) => (a[0] < b[0] ? -1 : 1));
      for (let i = 1; i < list.length; i++)
        if (list[i]![0] < list[i - 1]![1]) expect(list[i]).toBe('overlap');
    }
    // Each in-person dossier is received when its counter service ends.
    const day = dayGroups.find((g) => g.date >= addDays(UNTIL, -10) && g.tickets > 20)!;
    const ends = new Set(
      tickets
        .filter((t) => t.point === day.point && t.finished_at?.startsWith(day.date))
        .map((t) => t.finished_at!.slice(0, 16)),
    );
    const rec = dossiers.filter(
      (d) =>
        d.receiving_point === day.point && d.channel === 'in_person' && d.received_at.startsWith(day.date),
    );
    expect(rec.length).toBeGreaterThan(0);
    expect(rec.every((d) => ends.has(d.received_at))).toBe(true);
    const waits = tickets
      .filter((t) => !t.abandoned)
      .map(
        (t) =>
          (Date.parse(`${t.called_at!.replace(' ', 'T')}Z`) -
            Date.parse(`${t.issued_at.replace(' ', 'T')}Z`)) /
          60_000,
      )
      .sort((a, b) => a - b);
    expect(waits[Math.floor(waits.length / 2)]!).toBeLessThan(15);
    expect(waits[Math.floor(waits.length * 0.99)]!).toBeGreaterThan(waits[Math.floor(waits.length / 2)]!);
  });
});

describe('register determinism and options', () => {
  it('gives the same rows for the same seed and history', () => {
    const again = registerDays(buildRegisterModel({ ...base, history: model.history })).next().value;
    expect(again).toEqual(firstDay);
  });

  it('default ranges merge when the quarter and the last 90 days meet', () => {
    expect(registerRanges('2025-10-15')).toEqual([{ from: '2025-07-01', to: '2025-10-15' }]);
    expect(registerRanges('2025-09-23')).toEqual([{ from: '2025-06-26', to: '2025-09-23' }]);
    expect(registerRanges('2026-12-02')).toEqual([
      { from: '2025-07-01', to: '2025-09-30' },
      { from: '2026-09-04', to: '2026-12-02' },
    ]);
  });

  it('refuses a snapshot before the report date', () => {
    expect(() => buildRegisterModel({ ...base, until: '2025-09-01' })).toThrow(/until/);
  });
});
