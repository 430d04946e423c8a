import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FieldsModel } from '../../src/schemas/models.ts';
import {
  loadCalendarModel,
  loadFieldsModel,
  loadModelFile,
  loadOptimizeModel,
  loadStaffingModel,
} from '../../src/store/model-files.ts';

describe('models/ files', () => {
  it('all shipped models validate', () => {
    expect(Object.keys(loadFieldsModel().fields)).toHaveLength(7);
    expect(loadStaffingModel().service_level.target).toBe(0.8);
    expect(Object.keys(loadCalendarModel().years)).toContain('2025');
    expect(loadOptimizeModel().roster.max_moved_days_per_week).toBe(2);
    expect(loadOptimizeModel().weights.unmet_reception).toBeGreaterThanOrEqual(
      loadOptimizeModel().weights.unmet_processing,
    );
  });

  it('a bad edit is rejected with the JSON path named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    const fields = loadFieldsModel();
    (fields.fields.land as { deadline_working_days: number }).deadline_working_days = -3;
    writeFileSync(join(dir, 'fields.json'), JSON.stringify(fields));
    expect(() => loadModelFile(FieldsModel, 'fields.json', dir)).toThrow(
      /fields\/land\/deadline_working_days/,
    );
  });
});
