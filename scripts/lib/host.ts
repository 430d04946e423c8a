import { cpus } from 'node:os';
import { mulberry32 } from './mulberry32.ts';

/**
 * The machine a benchmark ran on, with the time of a fixed single-threaded workload: these sessions' hosts
 * differ (the same 1,000,000-dossier import took 36 CPU-s on one and 18 on another), so a figure travels with
 * the speed of the machine that gave it. The workload is what an import does most — strings built and hashed,
 * numbers parsed, an array sorted — and its best of three runs is printed (lower is faster).
 */
export function hostLine(): string {
  const cpu = cpus();
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const rand = mulberry32(42);
    const seen = new Map<string, number>();
    let sum = 0;
    for (let i = 0; i < 300_000; i++) {
      const code = `HS-${Math.floor(rand() * 1e9)}`;
      seen.set(code, i);
      sum += Number.parseInt(code.slice(3), 10);
    }
    const values = Float64Array.from({ length: 1_000_000 }, rand).sort();
    if (sum < 0 || seen.size === 0 || values[0]! < 0) throw new Error('unreachable');
    best = Math.min(best, performance.now() - started);
  }
  const mhz = cpu[0]?.speed ? ` (${cpu[0].speed} MHz)` : '';
  return `host: ${cpu.length} CPUs ${cpu[0]?.model ?? '?'}${mhz}, node ${process.version}; reference workload ${best.toFixed(0)} ms (one thread, best of 3; lower is faster)`;
}
