import { describe, expect, it } from 'vitest';
import type { SampleDossier, SampleTicket } from '../../src/sample/register.ts';
import {
  DOSSIER_CSV_COLUMNS,
  DOSSIER_VI_COLUMNS,
  dossierRecord,
  dossierRecordVi,
  dossiersToCsvLines,
  TICKET_CSV_COLUMNS,
  ticketRecord,
} from '../../src/sample/register-csv.ts';
import { loadImportMapping } from '../../src/store/model-files.ts';

const dossier: SampleDossier = {
  code: 'H26.P001-250701-0001',
  procedure_code: '2.000815',
  procedure_name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
  field: 'certification',
  channel: 'postal',
  online_level: null,
  receiving_point: 'P001',
  competent_unit: 'P002',
  received_at: '2025-07-01 08:05',
  due_at: '2025-07-01',
  finished_at: '2025-07-01 10:30',
  returned_at: null,
  digitised: true,
  electronic_result: false,
  withdrawn: false,
};

describe('register CSV records', () => {
  it('name every column of the default import mappings, in English and in Vietnamese', () => {
    const dossiers = loadImportMapping('import/dossiers-default.json');
    const tickets = loadImportMapping('import/tickets-default.json');
    for (const c of DOSSIER_CSV_COLUMNS) expect(dossiers.columns[c]).toContain(c);
    DOSSIER_CSV_COLUMNS.forEach((c, i) => {
      expect(dossiers.columns[c]).toContain(DOSSIER_VI_COLUMNS[i]);
    });
    for (const c of TICKET_CSV_COLUMNS) expect(tickets.columns[c]).toContain(c);
    expect(DOSSIER_VI_COLUMNS.every((h) => h === h.normalize('NFC'))).toBe(true);
  });

  it('write a dossier as the register names it and as a one-stop export does', () => {
    expect(dossierRecord(dossier)).toHaveLength(DOSSIER_CSV_COLUMNS.length);
    expect(dossiersToCsvLines([dossier])).toBe(
      'H26.P001-250701-0001,2.000815,"Chứng thực bản sao từ bản chính giấy tờ, văn bản",certification,P001,P002,postal,,2025-07-01 08:05,2025-07-01,2025-07-01 10:30,,true,false,false\n',
    );
    const vi = dossierRecordVi(dossier);
    expect(vi.slice(6, 12)).toEqual([
      'Dịch vụ bưu chính công ích',
      '',
      '01/07/2025 08:05',
      '01/07/2025',
      '01/07/2025 10:30',
      '',
    ]);
    const mapping = loadImportMapping('import/dossiers-default.json');
    expect(mapping.values?.channel?.[vi[6]!]).toBe('postal');
    expect(mapping.values?.field?.[vi[3]!]).toBe('certification');
    expect(vi.slice(12)).toEqual(['Có', 'Không', 'Không']);
  });

  it('write a ticket', () => {
    const t: SampleTicket = {
      point: 'P001',
      number: 3,
      counter: null,
      field: 'land',
      issued_at: '2026-11-02 08:01:02',
      called_at: null,
      finished_at: null,
      abandoned: true,
    };
    expect(ticketRecord(t)).toEqual(['P001', 3, '', 'land', '2026-11-02 08:01:02', '', '', true]);
  });
});
