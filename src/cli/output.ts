import { DomainError, isDomainError } from '../core/errors.ts';
import { msg, render, renderTexts } from '../core/messages.ts';
import { cliLang } from './lang.ts';

/** JSON as the CLI writes it: every catalogue message rendered in the CLI's language (core/messages.ts). */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(renderTexts(value, cliLang()), null, 2)}\n`;
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value));
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
    const lang = cliLang();
    const message = e.msg && lang !== 'en' ? render(e.msg, lang) : e.message;
    process.stderr.write(`${e.code}: ${message}\n`);
    for (const d of renderTexts(e.details.slice(0, 200), lang)) {
      const line =
        d.line !== undefined
          ? render(msg('cli.line', { line: d.line }), lang)
          : d.sheet !== undefined && d.row !== undefined
            ? render(msg('cli.place_row', { sheet: d.sheet, row: d.row }), lang)
            : '';
      const where = [line, d.field ?? ''].filter(Boolean).join(', ');
      const value =
        d.value !== undefined ? render(msg('cli.value', { value: JSON.stringify(d.value) }), lang) : '';
      process.stderr.write(`  ${where}: ${d.reason}${value}\n`);
    }
    if (e.details.length > 200)
      process.stderr.write(`${render(msg('cli.more', { count: e.details.length - 200 }), lang)}\n`);
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
