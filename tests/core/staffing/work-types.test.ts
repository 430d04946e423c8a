import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dossierMinutes,
  mayDo,
  movableRole,
  pointDayMinutes,
  workTypesAt,
} from '../../../src/core/staffing/work-types.ts';
import { WORK_TYPE_IDS } from '../../../src/schemas/domain.ts';
import { WorkTypesModel } from '../../../src/schemas/work-types.ts';
import { loadFieldsModel, loadModelFile, loadWorkTypesModel } from '../../../src/store/model-files.ts';

const model = loadWorkTypesModel();
const fields = loadFieldsModel();

describe('models/work-types.json', () => {
  it('follows the one-stop rules: counters and result return at the point by hour, online pooled, appraisal by specialists', () => {
    const wt = model.work_types;
    expect(Object.keys(wt).sort()).toEqual([...WORK_TYPE_IDS].sort());
    expect([wt.counter_reception.where, wt.counter_reception.when]).toEqual(['receiving_point', 'hour']);
    expect([wt.guidance.where, wt.guidance.when]).toEqual(['receiving_point', 'hour']);
    expect([wt.result_return.where, wt.result_return.when]).toEqual(['receiving_point', 'hour']);
    expect([wt.digitisation.where, wt.digitisation.when]).toEqual(['receiving_point', 'day']);
    expect([wt.online_acceptance.where, wt.online_acceptance.field_skill]).toEqual(['center', true]);
    expect(wt.appraisal).toMatchObject({ roles: ['specialist'], where: 'competent_unit', when: 'deadline' });
    expect(wt.coordination.roles).toEqual(['point_lead']);
    expect(model.roles.specialist.movable).toBe(false);
    expect(model.roles.point_lead.movable).toBe(false);
    expect(model.roles.staff.movable).toBe(true);
    for (const id of WORK_TYPE_IDS) expect(wt[id].source.length).toBeGreaterThan(10);
  });

  it('a bad edit is refused naming the JSON path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wt-'));
    const bad = structuredClone(model) as unknown as { work_types: { appraisal: { where: string } } };
    bad.work_types.appraisal.where = 'anywhere';
    writeFileSync(join(dir, 'work-types.json'), JSON.stringify(bad));
    expect(() => loadModelFile(WorkTypesModel, 'work-types.json', dir)).toThrow(
      /work_types\/appraisal\/where/,
    );
  });
});

describe('work-type functions', () => {
  it('minutes per dossier come from the standard or the per-dossier assumption, times the share', () => {
    expect(dossierMinutes(model, fields, 'counter_reception', 'land', 'in_person')).toBe(20);
    expect(dossierMinutes(model, fields, 'counter_reception', 'land', 'online')).toBe(0);
    expect(dossierMinutes(model, fields, 'online_acceptance', 'land', 'online')).toBe(8);
    expect(dossierMinutes(model, fields, 'appraisal', 'land', 'online')).toBe(75);
    expect(dossierMinutes(model, fields, 'guidance', 'land', 'in_person')).toBeCloseTo(0.3 * 4);
    expect(dossierMinutes(model, fields, 'digitisation', 'civil_status', 'postal')).toBe(5);
    expect(pointDayMinutes(model, 'coordination')).toBe(60);
    expect(pointDayMinutes(model, 'digitisation')).toBe(0);
  });

  it('who may do what: roles, listed skills and field skills', () => {
    const clerk = { role: 'staff' as const, fields: ['land' as const] };
    expect(mayDo(model, clerk, 'counter_reception', 'land')).toBe(true);
    expect(mayDo(model, clerk, 'counter_reception', 'civil_status')).toBe(false);
    expect(mayDo(model, clerk, 'appraisal', 'land')).toBe(false);
    expect(mayDo(model, clerk, 'coordination')).toBe(false);
    expect(mayDo(model, { ...clerk, skills: ['digitisation'] }, 'online_acceptance', 'land')).toBe(false);
    expect(mayDo(model, { role: 'specialist', fields: ['land'] }, 'appraisal', 'land')).toBe(true);
    expect(mayDo(model, { role: 'specialist', fields: ['land'] }, 'counter_reception', 'land')).toBe(false);
    expect(movableRole(model, 'specialist')).toBe(false);
    expect(workTypesAt(model, { where: 'receiving_point', when: 'hour' })).toEqual([
      'counter_reception',
      'guidance',
      'result_return',
    ]);
  });
});
