/**
 * Writes one batch while the caller validates the next: `push` waits for the write in flight (so at most one
 * batch waits in memory beside the one being built), a failed write surfaces at the next `push` or `drain`.
 * The imports that stream into an open transaction (register.ts, import.ts) share it.
 */
export class WriteAhead {
  private inflight: Promise<void> | undefined;
  async push(write: () => Promise<void>): Promise<void> {
    await this.drain();
    const w = write();
    w.catch(() => {}); // observed by the next push or drain
    this.inflight = w;
  }
  async drain(): Promise<void> {
    const w = this.inflight;
    this.inflight = undefined;
    if (w) await w;
  }
  /** Waits for the write in flight, ignoring its failure (the import fails for another reason). */
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
