import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../../src/core/calendar/calendar.ts';
import { toEpochDay } from '../../../src/core/calendar/dates.ts';
import {
  C,
  F,
  FIGURES,
  type FigureName,
  NFIG,
  prepareSimulation,
  Replicator,
  type SimulationSetup,
  simulate,
  vectorLength,
} from '../../../src/core/simulate/index.ts';
import {
  prepareWork,
  SPECIALIST_HEADROOM,
  specialistMinutesFromStaff,
} from '../../../src/core/simulate/work.ts';
import { CHANNELS, FIELDS } from '../../../src/schemas/domain.ts';
import { loadProceduresModel, loadWorkTypesModel } from '../../../src/store/model-files.ts';
import { smallCity, WEEK } from './fixtures.ts';

/** smallCity on the work model (models/work-types.json and the procedure catalogue). */
function workCity(...args: Parameters<typeof smallCity>): SimulationSetup {
  const s = smallCity(...args);
  s.models = { ...s.models, workTypes: loadWorkTypesModel(), procedures: loadProceduresModel() };
  return s;
}

function replicate(setup: SimulationSetup, seed: number, rep: number) {
  const prep = prepareSimulation(setup);
  const out = new Float64Array(vectorLength(prep));
  new Replicator(prep).run(seed, rep, out);
  const cell = (p: number | 'city', d: number | 'total') =>
    (p === 'city' ? prep.P : p) * (prep.D + 1) + (d === 'total' ? prep.D : d);
  const fieldBase = (prep.P + 1) * (prep.D + 1) * NFIG;
  return {
    prep,
    get: (p: number | 'city', d: number | 'total', name: FigureName) =>
      out[cell(p, d) * NFIG + FIGURES.indexOf(name)]!,
    /** city total by field: early, on_time, overdue, backlog */
    field: (f: string, i: number) => out[fieldBase + FIELDS.indexOf(f as never) * 4 + i]!,
  };
}

const ci = (c: string) => CHANNELS.indexOf(c as never);
const fi = (f: string) => FIELDS.indexOf(f as never);

describe('work model compiled from models/work-types.json and models/procedures.json', () => {
  const setup = workCity(3, 40);
  const cal = new WorkCalendar(setup.models.calendar);
  const w = prepareWork(setup.input, { ...setup.models, workTypes: setup.models.workTypes! }, cal);
  const std = setup.models.fields.fields;

  it('puts each work type where and when the model says', () => {
    // Counter, in the hour: guidance 30% × 4 min + result return 80% × 3 min beyond reception.
    expect(w.counterExtraMin).toBeCloseTo(0.3 * 4 + 0.8 * 3, 12);
    expect(w.coordMin).toBe(60);
    // Digitisation at the point (paper: in person and postal), acceptance in the pool (online, postal),
    // appraisal by the competent unit's specialists at the processing standard.
    expect(w.dig[fi('land') * C + ci('in_person')]).toBe(5);
    expect(w.dig[fi('land') * C + ci('online')]).toBe(0);
    expect(w.dig[fi('land') * C + ci('postal')]).toBe(5);
    expect(w.acc[fi('land') * C + ci('online')]).toBe(std.land.standard_minutes.online.reception);
    expect(w.acc[fi('land') * C + ci('in_person')]).toBe(0);
    expect(w.appr[fi('social_policy') * C + ci('in_person')]).toBe(
      std.social_policy.standard_minutes.in_person.processing,
    );
    expect(F).toBe(7);
  });

  it('gives each dossier its procedure’s deadline: same-day with the 15:00 cut-off, 20 working days for land', () => {
    const L = w.L;
    const cohort = (u: number, f: string, d: number, c: number) =>
      ((u * F + fi(f)) * WEEK.length + d) * L + c;
    const deadlines = (f: string, d: number) =>
      Array.from({ length: L }, (_, c) => c)
        .filter((c) => w.clsW[fi(f) * L + c]! > 0)
        .map((c) => w.wkDeadline[cohort(0, f, d, c)]! - toEpochDay(WEEK[d]!));
    // Certification received on Friday 2026-01-09: same day before 15:00 (0); after it, the next working
    // day, Saturday 2026-01-10, a make-up working day (VPCP 12729/VPCP-KGVX) (1); the two-working-day
    // procedures on Monday (3).
    expect(cal.isWorkday('2026-01-10')).toBe(true);
    expect(new Set(deadlines('certification', 4))).toEqual(new Set([0, 1, 3]));
    // Land: same-day, 7, 10, 15 and 20 working days (the latest: Monday + 20 working days on the calendar).
    expect(Math.max(...deadlines('land', 0))).toBe(
      toEpochDay(cal.addWorkingDays(WEEK[0]!, 20)) - toEpochDay(WEEK[0]!),
    );
    expect(Math.min(...deadlines('land', 0))).toBe(0);
    // 'other' has no procedure in the catalogue: the field's default.
    expect(deadlines('other', 0)).toEqual([
      toEpochDay(cal.addWorkingDays(WEEK[0]!, std.other.deadline_working_days)) - toEpochDay(WEEK[0]!),
    ]);
    // Class weights of a field sum to 1 (equal weights per procedure).
    for (const f of FIELDS) {
      let s = 0;
      for (let c = 0; c < L; c++) s += w.clsW[fi(f) * L + c]!;
      expect(s, f).toBeCloseTo(1, 12);
    }
  });

  it('assigns what a point receives to competent units: mostly itself, some of its neighbours’ citizens', () => {
    for (let p = 0; p < 3; p++) {
      const units = Array.from(w.umUnit.subarray(w.umOff[p]!, w.umOff[p + 1]!));
      const weights = Array.from(w.umW.subarray(w.umOff[p]!, w.umOff[p + 1]!));
      expect(weights.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      expect(weights[units.indexOf(p)]!).toBeGreaterThan(0.75);
      expect(units.length).toBe(3);
    }
    // Inferred specialists: the expected appraisal minutes per working day with the headroom.
    expect(SPECIALIST_HEADROOM).toBe(1.15);
    expect(w.specCap[0 * F + fi('land')]!).toBeGreaterThan(0);
  });
});

describe('the simulator on the work model', () => {
  it('conserves dossiers: received = finished + pending appraisal; deterministic per seed', () => {
    const setup = workCity(3, 60);
    const r = replicate(setup, 5, 0);
    const fin = (name: FigureName) => r.get('city', 'total', name);
    const finished = fin('early') + fin('on_time') + fin('overdue') - fin('overdue_pending');
    expect(finished + fin('backlog')).toBeCloseTo(fin('received'), 6);
    const again = replicate(setup, 5, 0);
    for (const name of FIGURES) {
      const a = r.get('city', 'total', name);
      const b = again.get('city', 'total', name);
      if (Number.isNaN(a)) expect(Number.isNaN(b)).toBe(true);
      else expect(b, name).toBe(a);
    }
  });

  it('a unit without land specialists keeps its land dossiers, whoever the Center moves there', () => {
    const setup = workCity(3, 60);
    setup.input.specialist_minutes = { P2: { land: 0 } };
    const r = replicate(setup, 2, 0);
    const base = replicate(workCity(3, 60), 2, 0);
    // P2's land appraisal does not happen; other units and fields go on.
    const moreStaff = workCity(3, 60);
    moreStaff.input.specialist_minutes = { P2: { land: 0 } };
    moreStaff.input.present.P2 = WEEK.map(() => 30); // Center staff do not appraise
    const m = replicate(moreStaff, 2, 0);
    expect(r.get(1, 'total', 'backlog')).toBeGreaterThan(base.get(1, 'total', 'backlog') + 5);
    expect(m.get(1, 'total', 'backlog')).toBeCloseTo(r.get(1, 'total', 'backlog'), 9);
    expect(r.field('land', 3)).toBeGreaterThan(base.field('land', 3));
    expect(r.get(0, 'total', 'backlog')).toBeCloseTo(base.get(0, 'total', 'backlog'), 9);
  });

  it('counts overdue against each dossier’s deadline: same-day certification is late by the next day', () => {
    const setup = workCity(2, 60);
    setup.input.specialist_minutes = { P1: { certification: 0, land: 0 }, P2: { certification: 0, land: 0 } };
    const r = replicate(setup, 3, 0);
    // Certification (same-day or two working days) received Monday–Wednesday is overdue by Saturday;
    // land received this week has at least 7 working days... except its same-day procedures.
    expect(r.field('certification', 2)).toBeGreaterThan(0.5 * r.field('certification', 3));
    expect(r.field('land', 2)).toBeLessThan(0.5 * r.field('land', 3));
    expect(r.field('land', 2)).toBeGreaterThan(0);
    expect(r.get('city', 'total', 'overdue_pending')).toBeGreaterThan(0);
  });

  it('digitises paper dossiers at their point: a point with nobody free leaves them pending', () => {
    const setup = workCity(2, 80, 6, 3);
    setup.input.present.P1 = WEEK.map(() => 1); // one person, at the counter all day
    const r = replicate(setup, 4, 0);
    expect(r.get(0, 'total', 'digitisation_pending')).toBeGreaterThan(10);
    expect(r.get(1, 'total', 'digitisation_pending')).toBe(0);
    // Online acceptance is pooled: P2's staff accept what arrives at P1 too.
    expect(r.get(0, 'total', 'acceptance_pending')).toBe(0);
  });

  it('simulate() runs base and scenario on it (a redirect moves digitisation work too)', () => {
    const setup = workCity(3, 60);
    const run = simulate(setup, [{ kind: 'redirect', from: 'P1', to: 'P2', share: 0.5 }], {
      replications: 8,
      seed: 1,
    });
    expect(run.base.city.total.received.mean).toBeGreaterThan(0);
    expect(run.comparison!.city.total.received.beyond_noise).toBe(false);
  });

  it('reads the specialists’ capacity from the staff list (never moved: at their own commune)', () => {
    const staffing = { paid_hours_per_day: 8, shrinkage: 0.15 };
    const day = 8 * 60 * 0.85;
    const staff = [
      { home_point: 'P2', role: 'specialist', fields: ['land' as const], fte: 1, active: true },
      {
        home_point: 'P2',
        role: 'specialist',
        fields: ['land' as const, 'construction' as const],
        fte: 0.5,
        active: true,
      },
      { home_point: 'P2', role: 'specialist', fields: ['civil_status' as const], fte: 1, active: false },
      { home_point: 'P1', role: 'staff', fields: ['land' as const], fte: 1, active: true },
    ];
    expect(specialistMinutesFromStaff(staff, staffing)).toEqual({
      P2: { land: day + day / 4, construction: day / 4 },
    });
    const setup = workCity(3, 60);
    setup.input.specialist_minutes = specialistMinutesFromStaff(staff, staffing);
    const w = prepareWork(
      setup.input,
      { ...setup.models, workTypes: setup.models.workTypes! },
      new WorkCalendar(setup.models.calendar),
    );
    expect(w.specCap[1 * F + fi('land')]).toBeCloseTo(1.25 * day, 9);
    // Not listed: inferred from the demand.
    expect(w.specCap[0 * F + fi('land')]!).toBeGreaterThan(0);
  });
});
