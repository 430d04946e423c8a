import type { SampleDossier, SampleTicket } from '../sample/register.ts';
import { channelId, fieldId } from './codes.ts';

/**
 * COPY lines of the register tables (no header), in the column order below: the one place that knows how a
 * dossier or ticket row of the sample is laid out in `dossiers` / `tickets`. Local times carry +07.
 */
export const DOSSIER_COPY_COLUMNS = [
  'code',
  'procedure_code',
  'procedure_name',
  'field_id',
  'channel_id',
  'online_level',
  'receiving_point',
  'competent_unit',
  'received_at',
  'due_at',
  'finished_at',
  'returned_at',
  'digitised',
  'electronic_result',
  'withdrawn',
] as const;

export const TICKET_COPY_COLUMNS = [
  'point',
  'number',
  'counter',
  'field_id',
  'issued_at',
  'called_at',
  'finished_at',
  'abandoned',
] as const;

const ts = (s: string | null) => (s === null ? '' : `${s}+07`);
/** Procedure names hold commas and parentheses but never quotes or line breaks; quote them anyway. */
const text = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function dossierCopyLine(d: SampleDossier): string {
  return `${d.code},${d.procedure_code ?? ''},${text(d.procedure_name)},${fieldId(d.field)},${channelId(d.channel)},${d.online_level ?? ''},${d.receiving_point},${d.competent_unit},${ts(d.received_at)},${d.due_at},${ts(d.finished_at)},${ts(d.returned_at)},${d.digitised},${d.electronic_result},${d.withdrawn}\n`;
}

export function ticketCopyLine(t: SampleTicket): string {
  return `${t.point},${t.number},${t.counter ?? ''},${fieldId(t.field)},${ts(t.issued_at)},${ts(t.called_at)},${ts(t.finished_at)},${t.abandoned}\n`;
}
