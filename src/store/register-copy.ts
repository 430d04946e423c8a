import type { SampleDossier, SampleTicket } from '../sample/register.ts';
import { channelId, fieldId } from './codes.ts';
import { DOSSIER_STAGING_COLUMNS } from './dossiers-repo.ts';

/**
 * COPY lines of the register tables (no header), in the column order below: the one place that knows how a
 * sample dossier or ticket is laid out in `dossiers` (migration 006) and `tickets` (007). Local days and times
 * as the tables keep them; due dates computed from the legal deadline (due_computed).
 */
/** The dossier columns in the order the repository copies them (one list: dossiers-repo.ts). */
export const DOSSIER_COPY_COLUMNS = DOSSIER_STAGING_COLUMNS;

export const TICKET_COPY_COLUMNS = [
  'point',
  'issued_on',
  'number',
  'counter',
  'field_id',
  'issued_at',
  'called_at',
  'finished_at',
  'abandoned',
] as const;

/** `YYYY-MM-DD HH:MM` → day and time cells (`HH:MM:00`); empty cells (NULL) for null. */
const dayTime = (s: string | null) => (s === null ? ',' : `${s.slice(0, 10)},${s.slice(11, 16)}:00`);
/** Procedure names hold commas and parentheses but no quotes or line breaks: quoted, quotes doubled. */
const text = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function dossierCopyLine(d: SampleDossier): string {
  return `${d.code},${d.procedure_code ?? ''},${text(d.procedure_name)},${fieldId(d.field)},${channelId(d.channel)},${d.online_level ?? ''},${d.receiving_point},${d.competent_unit},${dayTime(d.received_at)},${d.due_at},,true,${dayTime(d.finished_at)},${dayTime(d.returned_at)},${d.digitised},${d.electronic_result},${d.withdrawn}\n`;
}

export function ticketCopyLine(t: SampleTicket): string {
  return `${t.point},${t.issued_at.slice(0, 10)},${t.number},${t.counter ?? ''},${fieldId(t.field)},${t.issued_at},${t.called_at ?? ''},${t.finished_at ?? ''},${t.abandoned}\n`;
}
