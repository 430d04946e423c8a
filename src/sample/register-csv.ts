import { csvCell } from '../core/csv.ts';
import type { Channel, Field } from '../schemas/domain.ts';
import type { OnlineLevel, SampleDossier, SampleTicket } from './register.ts';

/** Dossier columns in the register's English names (models/import/dossiers-default.json). */
export const DOSSIER_CSV_COLUMNS = [
  'code',
  'procedure_code',
  'procedure_name',
  'field',
  'receiving_point',
  'competent_unit',
  'channel',
  'online_level',
  'received_at',
  'due_at',
  'finished_at',
  'returned_at',
  'digitised',
  'electronic_result',
  'withdrawn',
] as const;

/** Ticket columns in the register's English names (models/import/tickets-default.json). */
export const TICKET_CSV_COLUMNS = [
  'point',
  'number',
  'counter',
  'field',
  'issued_at',
  'called_at',
  'finished_at',
  'abandoned',
] as const;

/** The same dossier columns as a one-stop system exports them (Vietnamese headers of the default mapping). */
export const DOSSIER_VI_COLUMNS = [
  'Mã hồ sơ',
  'Mã thủ tục',
  'Tên thủ tục',
  'Lĩnh vực',
  'Nơi tiếp nhận',
  'Cơ quan giải quyết',
  'Hình thức nộp',
  'Mức độ',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày có kết quả',
  'Ngày trả kết quả',
  'Đã số hóa',
  'Kết quả điện tử',
  'Đã rút',
].map((h) => h.normalize('NFC'));

const CHANNEL_VI: Record<Channel, string> = {
  in_person: 'Trực tiếp',
  online: 'Trực tuyến',
  postal: 'Dịch vụ bưu chính công ích',
};
const FIELD_VI: Record<Field, string> = {
  land: 'Đất đai',
  social_policy: 'Chính sách xã hội',
  civil_status: 'Hộ tịch',
  certification: 'Chứng thực',
  business_household: 'Hộ kinh doanh',
  construction: 'Xây dựng',
  other: 'Khác',
};
const LEVEL_VI: Record<OnlineLevel, string> = { full: 'Toàn trình', partial: 'Một phần' };

/** One dossier as CSV cells in `DOSSIER_CSV_COLUMNS` order (ISO-like local times, true/false). */
export function dossierRecord(d: SampleDossier): Array<string | boolean> {
  return [
    d.code,
    d.procedure_code ?? '',
    d.procedure_name,
    d.field,
    d.receiving_point,
    d.competent_unit,
    d.channel,
    d.online_level ?? '',
    d.received_at,
    d.due_at,
    d.finished_at ?? '',
    d.returned_at ?? '',
    d.digitised,
    d.electronic_result,
    d.withdrawn,
  ];
}

/** `YYYY-MM-DD[ HH:MM]` → `dd/mm/yyyy[ HH:mm]`, as Vietnamese exports write dates. */
const viDate = (s: string | null) =>
  s === null ? '' : `${s.slice(8, 10)}/${s.slice(5, 7)}/${s.slice(0, 4)}${s.length > 10 ? s.slice(10) : ''}`;
const yesNo = (b: boolean) => (b ? 'Có' : 'Không');

/** One dossier as a one-stop system's export writes it (`DOSSIER_VI_COLUMNS`: Vietnamese values, dd/mm/yyyy). */
export function dossierRecordVi(d: SampleDossier): string[] {
  return [
    d.code,
    d.procedure_code ?? '',
    d.procedure_name,
    FIELD_VI[d.field],
    d.receiving_point,
    d.competent_unit,
    CHANNEL_VI[d.channel],
    d.online_level ? LEVEL_VI[d.online_level] : '',
    viDate(d.received_at),
    viDate(d.due_at),
    viDate(d.finished_at),
    viDate(d.returned_at),
    yesNo(d.digitised),
    yesNo(d.electronic_result),
    yesNo(d.withdrawn),
  ];
}

export function ticketRecord(t: SampleTicket): Array<string | number | boolean> {
  return [
    t.point,
    t.number,
    t.counter ?? '',
    t.field,
    t.issued_at,
    t.called_at ?? '',
    t.finished_at ?? '',
    t.abandoned,
  ];
}

/** CSV lines (each ending in `\n`, no header) of dossiers in `DOSSIER_CSV_COLUMNS` order. */
export function dossiersToCsvLines(dossiers: Iterable<SampleDossier>): string {
  let out = '';
  for (const d of dossiers) out += `${dossierRecord(d).map(csvCell).join(',')}\n`;
  return out;
}

/** CSV lines (each ending in `\n`, no header) of tickets in `TICKET_CSV_COLUMNS` order. */
export function ticketsToCsvLines(tickets: Iterable<SampleTicket>): string {
  let out = '';
  for (const t of tickets) out += `${ticketRecord(t).map(csvCell).join(',')}\n`;
  return out;
}
