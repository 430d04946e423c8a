import type { Command } from 'commander';

/** Each command module exports `register(program)`; this list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

export async function loadCommands(): Promise<RegisterCommand[]> {
  const modules = await Promise.all([import('./forecast.ts'), import('./backtest.ts')]);
  return modules.map((m: { register: RegisterCommand }) => m.register);
}
