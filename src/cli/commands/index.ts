import type { Command } from 'commander';

/** Each command module exports `register(program)`; this list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

export async function loadCommands(): Promise<RegisterCommand[]> {
  const modules = await Promise.all([import('./erlang.ts'), import('./optimize.ts'), import('./plan.ts')]);
  return modules.map((m: { register: RegisterCommand }) => m.register);
}
