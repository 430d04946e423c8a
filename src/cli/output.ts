import { DomainError, isDomainError } from '../core/errors.ts';

export { csvCell, toCsv } from '../usecases/csv-write.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Thrown by commands for a one-line failure; main prints `code: message` and exits non-zero. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Prints an error the CLI way: `CODE: message`, then each detail on its own line (stderr). */
export function reportError(err: unknown): number {
  if (isDomainError(err)) {
    const e = err as DomainError;
    process.stderr.write(`${e.code}: ${e.message}\n`);
    for (const d of e.details.slice(0, 200)) {
      const where = [d.line !== undefined ? `line ${d.line}` : '', d.field ?? ''].filter(Boolean).join(', ');
      const value = d.value !== undefined ? ` (value ${JSON.stringify(d.value)})` : '';
      process.stderr.write(`  ${where}: ${d.reason}${value}\n`);
    }
    if (e.details.length > 200) process.stderr.write(`  … and ${e.details.length - 200} more\n`);
    return 2;
  }
  if (err instanceof CliFailure) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`error: ${(err as Error)?.message ?? String(err)}\n`);
  return 1;
}

export { DomainError };
