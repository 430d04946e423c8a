import type { Command } from 'commander';
import { DomainError } from '../../core/errors.ts';
import { evaluateAgents, requiredAgents } from '../../core/staffing/erlang-c.ts';

/** Parses a numeric option, naming it in the error. */
export function numberOption(name: string, raw: string, check: (v: number) => boolean, rule: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || !check(v)) {
    throw new DomainError('INPUT_INVALID', `--${name} must be ${rule}`, [
      { field: `--${name}`, value: raw, reason: `must be ${rule}` },
    ]);
  }
  return v;
}

export function register(program: Command): void {
  program
    .command('erlang')
    .description(
      'Counters needed for an arrival rate (Erlang C): prints {"agents","service_level","asa_seconds",' +
        '"occupancy","wait_probability"} as JSON. With --agents, evaluates that number instead of searching.',
    )
    .requiredOption('--calls-per-hour <R>', 'arrivals per hour (≥ 0)')
    .requiredOption('--aht <SECONDS>', 'average handling time in seconds (> 0)')
    .option('--target-sl <SL>', 'service-level target, share in (0, 1)', '0.8')
    .requiredOption('--target-seconds <T>', 'wait target in seconds (≥ 0)')
    .option('--agents <N>', 'evaluate this number of counters instead of searching')
    .action(
      (opts: {
        callsPerHour: string;
        aht: string;
        targetSl: string;
        targetSeconds: string;
        agents?: string;
      }) => {
        const rate = numberOption('calls-per-hour', opts.callsPerHour, (v) => v >= 0, 'a number ≥ 0');
        const aht = numberOption('aht', opts.aht, (v) => v > 0, 'a number > 0');
        const sl = numberOption('target-sl', opts.targetSl, (v) => v > 0 && v < 1, 'a share in (0, 1)');
        const t = numberOption('target-seconds', opts.targetSeconds, (v) => v >= 0, 'a number ≥ 0');
        const r =
          opts.agents === undefined
            ? requiredAgents(rate, aht, sl, t)
            : evaluateAgents(
                numberOption('agents', opts.agents, (v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0'),
                rate,
                aht,
                t,
              );
        // Infinite waits (agents ≤ load) print as null: JSON has no Infinity.
        const out = {
          agents: r.agents,
          service_level: r.service_level,
          asa_seconds: Number.isFinite(r.asa_seconds) ? r.asa_seconds : null,
          occupancy: r.occupancy,
          wait_probability: r.wait_probability,
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      },
    );
}
