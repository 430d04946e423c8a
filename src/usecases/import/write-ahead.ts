/**
 * Streams valid rows into an open transaction in batches, one batch written while the caller validates the next:
 * a full batch waits for the write in flight (so at most one batch waits in memory beside the one being built),
 * and a failed write surfaces at the next batch or at `finish`. The imports that stream into an open transaction
 * (register.ts, import.ts) share it.
 */
export class BatchWriter<T> {
  private rows: T[] = [];
  private inflight: Promise<void> | undefined;
  constructor(
    private readonly size: number,
    private readonly write: (rows: T[]) => Promise<void>,
  ) {}

  /** Holds a valid row; a full batch is written once the one in flight is done. */
  async add(row: T): Promise<void> {
    this.rows.push(row);
    if (this.rows.length < this.size) return;
    const full = this.rows;
    this.rows = [];
    await this.push(full);
  }

  /** A bad row was found: nothing will be written, so the rows held are let go. */
  drop(): void {
    this.rows = [];
  }

  /** Writes the rows held (the last batch, maybe empty) and waits for every write. */
  async finish(): Promise<void> {
    const rest = this.rows;
    this.rows = [];
    await this.push(rest);
    await this.drain();
  }

  /** Waits for the write in flight, ignoring its failure (the import fails for another reason). */
  async settle(): Promise<void> {
    await this.drain().catch(() => {});
  }

  private async push(rows: T[]): Promise<void> {
    await this.drain();
    const w = this.write(rows);
    w.catch(() => {}); // observed by the next push or drain
    this.inflight = w;
  }

  private async drain(): Promise<void> {
    const w = this.inflight;
    this.inflight = undefined;
    if (w) await w;
  }
}

/**
 * A flat copy of a key built from slices of the file's text: a Map holding the slices (or a template literal's
 * rope of them) would keep every chunk of the file they came from alive — 1 GB of heap for a 1,000,000-row
 * volumes file.
 */
export const ownKey = (key: string): string => ` ${key}`.slice(1);
