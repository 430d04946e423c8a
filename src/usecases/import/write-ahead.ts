/**
 * Streams valid rows into an open transaction in batches, one batch written while the caller validates the next:
 * a full batch waits for the write in flight (so at most one batch waits in memory beside the one being built),
 * and a failed write surfaces at the next batch or at `finish`. The imports that stream into an open transaction
 * (register.ts, import.ts) share it.
 */
export class BatchWriter<T> {
  private rows: T[] = [];
  private readonly ahead: WriteAhead<T[]>;
  constructor(
    private readonly size: number,
    write: (rows: T[]) => Promise<void>,
  ) {
    this.ahead = new WriteAhead(write);
  }

  /** Holds a valid row; a full batch is written once the one in flight is done. */
  async add(row: T): Promise<void> {
    this.rows.push(row);
    if (this.rows.length < this.size) return;
    const full = this.rows;
    this.rows = [];
    await this.ahead.push(full);
  }

  /** A bad row was found: nothing will be written, so the rows held are let go. */
  drop(): void {
    this.rows = [];
  }

  /** Writes the rows held (the last batch, maybe empty) and waits for every write. */
  async finish(): Promise<void> {
    const rest = this.rows;
    this.rows = [];
    await this.ahead.push(rest);
    await this.ahead.drain();
  }

  /** Waits for the write in flight, ignoring its failure (the import fails for another reason). */
  settle(): Promise<void> {
    return this.ahead.settle();
  }
}

/** Rows encoded as COPY bytes as they come (store/copy-bytes.ts). */
export interface HeldBytes {
  readonly rows: number;
  /** The bytes of the rows held, in a buffer of their own; holds nothing afterwards. */
  take(): Uint8Array;
  clear(): void;
}

/**
 * `BatchWriter` for rows encoded into COPY bytes as soon as they are valid (`encode` writes into `held`), not
 * kept as objects: the dossier import, whose batches of records were most of what its young-generation
 * collections copied.
 */
export class ByteBatchWriter<T> {
  private readonly ahead: WriteAhead<Uint8Array>;
  constructor(
    private readonly size: number,
    private readonly held: HeldBytes,
    private readonly encode: (row: T) => void,
    write: (bytes: Uint8Array) => Promise<void>,
  ) {
    this.ahead = new WriteAhead(write);
  }

  /** Encodes a valid row; a full batch is written once the one in flight is done. */
  async add(row: T): Promise<void> {
    this.encode(row);
    if (this.held.rows >= this.size) await this.ahead.push(this.held.take());
  }

  drop(): void {
    this.held.clear();
  }

  async finish(): Promise<void> {
    if (this.held.rows > 0) await this.ahead.push(this.held.take());
    await this.ahead.drain();
  }

  settle(): Promise<void> {
    return this.ahead.settle();
  }
}

/** One write in flight: the next waits for it, and its failure surfaces at the next push or drain. */
class WriteAhead<B> {
  private inflight: Promise<void> | undefined;
  constructor(private readonly write: (batch: B) => Promise<void>) {}

  async push(batch: B): Promise<void> {
    await this.drain();
    const w = this.write(batch);
    w.catch(() => {}); // observed by the next push or drain
    this.inflight = w;
  }

  async drain(): Promise<void> {
    const w = this.inflight;
    this.inflight = undefined;
    if (w) await w;
  }

  async settle(): Promise<void> {
    await this.drain().catch(() => {});
  }
}

/**
 * A flat copy of a key built from slices of the file's text: a Map holding the slices (or a template literal's
 * rope of them) would keep every chunk of the file they came from alive — 1 GB of heap for a 1,000,000-row
 * volumes file.
 */
export const ownKey = (key: string): string => ` ${key}`.slice(1);
