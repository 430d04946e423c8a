import type { Command } from 'commander';

/** Each command module exports `register(program)`; this list is the CLI's table of contents. */
export type RegisterCommand = (program: Command) => void;

export async function loadCommands(): Promise<RegisterCommand[]> {
  const modules: Array<{ register: RegisterCommand }> = await Promise.all([
    import('./init.ts'),
    import('./import.ts'),
    import('./export.ts'),
    import('./serve.ts'),
    import('./forecast.ts'),
    import('./backtest.ts'),
    import('./erlang.ts'),
    import('./optimize.ts'),
    import('./plan.ts'),
    import('./roadmap.ts'),
    import('./indicators.ts'),
    import('./simulate.ts'),
    import('./worker.ts'),
    import('./keys.ts'),
  ]);
  return modules.map((m) => m.register);
}
