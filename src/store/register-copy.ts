import type { SampleDossier, SampleTicket } from '../sample/register.ts';
import { channelId, fieldId } from './codes.ts';
import type { BinaryCopy } from './copy-bytes.ts';
import { DOSSIER_STAGING_COLUMNS } from './dossiers-repo.ts';

/**
 * COPY rows of the register tables for the sample load, in the column orders below: the one place that knows
 * how a sample dossier (binary rows) or ticket (CSV lines, no header) is laid out in `dossiers` (migration 006)
 * and `tickets` (007). Local days and times as the tables keep them; due dates computed from the legal
 * deadline (due_computed).
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

/**
 * A sample dossier as a binary COPY row (copy-bytes.ts) in `DOSSIER_COPY_COLUMNS` order, due days computed:
 * encodeDossier's fields, written from the sample's own layout — going through a DossierRecord built per row
 * measured 12× slower (1M dossiers: 17.8–20.5 s against 1.5–1.6 s), on the first start's path.
 */
export function encodeSampleDossier(w: BinaryCopy, d: SampleDossier): void {
  w.row(20);
  w.text(d.code);
  w.text(d.procedure_code);
  w.text(d.procedure_name);
  w.int2(fieldId(d.field));
  w.int2(channelId(d.channel));
  w.text(d.online_level);
  w.text(d.receiving_point);
  w.text(d.competent_unit);
  dayAndTime(w, d.received_at);
  w.date(d.due_at);
  w.null(); // due_time
  w.bool(true); // due_computed
  dayAndTime(w, d.finished_at);
  dayAndTime(w, d.returned_at);
  w.bool(d.digitised);
  w.bool(d.electronic_result);
  w.bool(d.withdrawn);
}

/** `YYYY-MM-DD HH:MM` → a day and a time (`HH:MM:00`) field; two NULLs for null. */
function dayAndTime(w: BinaryCopy, s: string | null): void {
  if (s === null) {
    w.null();
    w.null();
    return;
  }
  w.date(s.slice(0, 10));
  w.time(`${s.slice(11, 16)}:00`);
}

export function ticketCopyLine(t: SampleTicket): string {
  return `${t.point},${t.issued_at.slice(0, 10)},${t.number},${t.counter ?? ''},${fieldId(t.field)},${t.issued_at},${t.called_at ?? ''},${t.finished_at ?? ''},${t.abandoned}\n`;
}
