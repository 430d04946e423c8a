import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
const BIN = join(repoRoot, 'bin', 'dieuphoi.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `dieuphoi …` as a child process, the way users run it. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
