import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/schemas/domain.ts';
import { loadImportMapping, loadProceduresModel } from '../../src/store/model-files.ts';

describe('models/procedures.json', () => {
  const { procedures } = loadProceduresModel();

  it('holds at least 40 commune-level procedures with unique ids and codes', () => {
    expect(procedures.length).toBeGreaterThanOrEqual(40);
    expect(new Set(procedures.map((p) => p.id)).size).toBe(procedures.length);
    const codes = procedures.map((p) => p.code).filter((c) => c !== null);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('covers every field but other, and names are NFC', () => {
    const fields = new Set(procedures.map((p) => p.field));
    for (const f of FIELDS.filter((f) => f !== 'other')) expect(fields.has(f)).toBe(true);
    for (const p of procedures) expect(p.name_vi).toBe(p.name_vi.normalize('NFC'));
  });

  it('states the same-day 15:00 cut-off for certification of copies and birth registration', () => {
    const byId = new Map(procedures.map((p) => [p.id, p]));
    expect(byId.get('ct_ban_sao')?.deadline).toEqual({ same_day: true, cutoff: '15:00' });
    expect(byId.get('ht_khai_sinh')?.deadline).toEqual({ same_day: true, cutoff: '15:00' });
    expect(byId.get('dd_cap_gcn_lan_dau')?.deadline).toEqual({ working_days: 20 });
    expect(byId.get('xh_tro_cap_hang_thang')?.deadline).toEqual({ working_days: 10 });
  });

  it('marks every code unverified and every minute an assumption (docs/procedures.md says why)', () => {
    for (const p of procedures) {
      expect(p.code_verified).toBe(false);
      expect(p.minutes_assumed).toBe(true);
    }
  });
});

describe('models/import mappings', () => {
  it('validate against their schema and map every channel and field value to a register code', () => {
    const dossiers = loadImportMapping('import/dossiers-default.json');
    expect(dossiers.kind).toBe('dossiers');
    expect(new Set(Object.values(dossiers.values?.['channel'] ?? {}))).toEqual(
      new Set(['in_person', 'online', 'postal']),
    );
    for (const v of Object.values(dossiers.values?.['field'] ?? {})) expect(FIELDS).toContain(v);
    const tickets = loadImportMapping('import/tickets-default.json');
    expect(tickets.kind).toBe('tickets');
  });
});
