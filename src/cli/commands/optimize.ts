import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseProblem } from '../../core/optimize/problem.ts';
import { solveStage1 } from '../../core/optimize/stage1.ts';
import { CliFailure, jsonText } from '../output.ts';

/** Reads a JSON file, failing with the path and the parser's message. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliFailure(`cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliFailure(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

export function register(program: Command): void {
  program
    .command('optimize')
    .description(
      'Stage 1: optimal reallocation of staff-days across points for the days of a problem file (JSON, see ' +
        'docs/optimize.md). Prints the result JSON (status optimal|feasible|infeasible, objective, bound, moves, ' +
        'present, unmet_reception, unmet_processing, explanation). Exit code 0 also when infeasible: the ' +
        'status and `violated` say why.',
    )
    .requiredOption('--problem <FILE>', 'problem JSON file')
    .option('--output <FILE>', 'write the result JSON here instead of stdout')
    .option('--max-branch-nodes <N>', 'branch-and-bound nodes per day before settling for "feasible"', '400')
    .action((opts: { problem: string; output?: string; maxBranchNodes: string }) => {
      const problem = parseProblem(readJsonFile(opts.problem));
      const maxBranchNodes = Number(opts.maxBranchNodes);
      if (!Number.isInteger(maxBranchNodes) || maxBranchNodes < 0)
        throw new CliFailure('--max-branch-nodes must be an integer ≥ 0');
      const result = solveStage1(problem, { maxBranchNodes });
      const text = jsonText(result);
      if (opts.output) {
        writeFileSync(opts.output, text);
        process.stderr.write(
          `${result.status}: objective ${result.objective ?? '-'}, ${result.moves.length} moves → ${opts.output}\n`,
        );
      } else process.stdout.write(text);
    });
}
