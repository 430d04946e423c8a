import { Replicator, vectorLength } from './engine.ts';
import type { PreparedSimulation } from './prepare.ts';

/**
 * Replications per chunk. Fixed, so that chunk sums (and therefore every printed digit) do not depend on
 * how many threads ran the chunks.
 */
export const CHUNK_SIZE = 8;

/** One unit of parallel work: replications [from, to) of a base and, optionally, a scenario. Plain data. */
export interface ChunkJob {
  base: PreparedSimulation;
  scenario?: PreparedSimulation;
  seed: number;
  from: number;
  to: number;
}

/**
 * Runs a chunk and returns running sums per value: for the base, the scenario and their paired
 * difference (common random numbers: replication r of both uses the same keyed streams), each as
 * [count, sum, sum of squares] × vector length. NaN values (e.g. no citizen served) are skipped.
 */
export function simulateChunk(job: ChunkJob): Float64Array {
  const V = vectorLength(job.base);
  const blocks = job.scenario ? 3 : 1;
  const acc = new Float64Array(blocks * 3 * V);
  const runB = new Replicator(job.base);
  const runS = job.scenario ? new Replicator(job.scenario) : undefined;
  const xb = new Float64Array(V);
  const xs = new Float64Array(V);
  for (let r = job.from; r < job.to; r++) {
    runB.run(job.seed, r, xb);
    addTo(acc, 0, V, xb);
    if (runS) {
      runS.run(job.seed, r, xs);
      addTo(acc, 1, V, xs);
      for (let v = 0; v < V; v++) xs[v] = xs[v]! - xb[v]!;
      addTo(acc, 2, V, xs);
    }
  }
  return acc;
}

function addTo(acc: Float64Array, block: number, V: number, x: Float64Array): void {
  const o = block * 3 * V;
  for (let v = 0; v < V; v++) {
    const x0 = x[v]!;
    if (Number.isNaN(x0)) continue;
    acc[o + v]!++;
    acc[o + V + v]! += x0;
    acc[o + 2 * V + v]! += x0 * x0;
  }
}

/** The chunks of `replications`, in seed order. */
export function chunkRanges(replications: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let r = 0; r < replications; r += CHUNK_SIZE) out.push([r, Math.min(replications, r + CHUNK_SIZE)]);
  return out;
}

/** Adds chunk accumulators in the given (seed) order. */
export function mergeChunks(chunks: Float64Array[]): Float64Array {
  const out = new Float64Array(chunks[0]!.length);
  for (const c of chunks) for (let i = 0; i < c.length; i++) out[i]! += c[i]!;
  return out;
}
