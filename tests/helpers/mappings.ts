import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODELS_DIR } from '../../src/store/model-files.ts';

/**
 * A copy of models/ with one more register mapping, `import/dossiers-acme.json`: another one-stop system's
 * export with English headers (Dossier No, Sector, Office, Channel, Received, Due) and its own values.
 * Returns the folder, for MODELS_DIR; the caller removes it.
 */
export function modelsWithAcmeMapping(): string {
  const models = mkdtempSync(join(tmpdir(), 'dp-models-'));
  cpSync(DEFAULT_MODELS_DIR, models, { recursive: true });
  writeFileSync(
    join(models, 'import', 'dossiers-acme.json'),
    JSON.stringify({
      description: 'ACME one-stop export (English headers)',
      kind: 'dossiers',
      columns: {
        code: ['Dossier No'],
        field: ['Sector'],
        receiving_point: ['Office'],
        channel: ['Channel'],
        received_at: ['Received'],
        due_at: ['Due'],
      },
      values: {
        channel: { 'Walk-in': 'in_person', Web: 'online' },
        field: { Land: 'land', Civil: 'civil_status' },
      },
    }),
  );
  return models;
}

/**
 * A copy of models/ with one more attendance mapping, `import/attendance-timeclock.json`: a time clock's export
 * with English headers (Work date, Employee, Site, Status) and its own status values.
 * Returns the folder, for MODELS_DIR; the caller removes it.
 */
export function modelsWithTimeclockMapping(): string {
  const models = mkdtempSync(join(tmpdir(), 'dp-models-'));
  cpSync(DEFAULT_MODELS_DIR, models, { recursive: true });
  writeFileSync(
    join(models, 'import', 'attendance-timeclock.json'),
    JSON.stringify({
      description: 'Time clock export (English headers)',
      kind: 'attendance',
      columns: { date: ['Work date'], staff_id: ['Employee'], point: ['Site'], present: ['Status'] },
      values: { present: { 'On duty': 'true', Off: 'false' } },
    }),
  );
  return models;
}
