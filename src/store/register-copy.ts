import type { SampleDossier, SampleTicket } from '../sample/register.ts';
import { fieldId } from './codes.ts';
import type { BinaryCopy } from './copy-bytes.ts';
import { DOSSIER_STAGING_COLUMNS, type DossierRecord, encodeDossier } from './dossiers-repo.ts';

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

/** The dossier record a sample dossier stands for: `YYYY-MM-DD HH:MM` split into day and time, due days computed. */
export function sampleDossierRecord(d: SampleDossier): DossierRecord {
  const day = (s: string | null) => (s === null ? null : s.slice(0, 10));
  const time = (s: string | null) => (s === null ? null : `${s.slice(11, 16)}:00`);
  return {
    ...d,
    received_on: d.received_at.slice(0, 10),
    received_time: time(d.received_at),
    due_on: d.due_at,
    due_time: null,
    due_computed: true,
    finished_on: day(d.finished_at),
    finished_time: time(d.finished_at),
    returned_on: day(d.returned_at),
    returned_time: time(d.returned_at),
  };
}

/** A sample dossier as a binary COPY row (copy-bytes.ts) in `DOSSIER_COPY_COLUMNS` order. */
export function encodeSampleDossier(w: BinaryCopy, d: SampleDossier): void {
  encodeDossier(w, sampleDossierRecord(d));
}

export function ticketCopyLine(t: SampleTicket): string {
  return `${t.point},${t.issued_at.slice(0, 10)},${t.number},${t.counter ?? ''},${fieldId(t.field)},${t.issued_at},${t.called_at ?? ''},${t.finished_at ?? ''},${t.abandoned}\n`;
}
