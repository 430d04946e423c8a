import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { ROLES, type Role } from '../../core/access.ts';
import { toCsv } from '../../core/csv.ts';
import { listApiKeys, revokeApiKey } from '../../store/api-keys-repo.ts';
import { createApiKey } from '../../usecases/api-keys.ts';
import { withStore } from '../../usecases/runtime.ts';
import { CliFailure, printJson } from '../output.ts';

export function register(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'Manage API keys (stored hashed). Use it to create the first admin key of a real deployment.',
    );
  keys
    .command('create')
    .description('Create a key and print it once')
    .requiredOption('--role <role>', ROLES.join(' | '))
    .requiredOption('--name <name>', 'who or what uses it')
    .option('--json', 'print JSON')
    .action(async (opts: { role: string; name: string; json?: boolean }) => {
      if (!(ROLES as readonly string[]).includes(opts.role))
        throw new CliFailure(`--role must be one of ${ROLES.join(', ')}`);
      const { key, row } = await withStore(loadConfig(), (db) =>
        createApiKey(db, { name: opts.name, role: opts.role as Role, createdBy: 'cli' }),
      );
      if (opts.json) printJson({ key, ...row });
      else process.stdout.write(`${row.id} (${row.role}): ${key}\nstore it now: it is not shown again\n`);
    });
  keys
    .command('list')
    .description('List keys (never the keys themselves) as CSV')
    .action(async () => {
      const rows = await withStore(loadConfig(), (db) => listApiKeys(db));
      process.stdout.write(
        toCsv(
          ['id', 'name', 'role', 'key_prefix', 'demo', 'created_at', 'revoked_at'],
          rows.map((r) => [r.id, r.name, r.role, r.key_prefix, r.demo, r.created_at, r.revoked_at]),
        ),
      );
    });
  keys
    .command('revoke <id>')
    .description('Revoke a key')
    .action(async (id: string) => {
      const row = await withStore(loadConfig(), (db) => revokeApiKey(db, id));
      if (!row) throw new CliFailure(`no key ${id}`);
      process.stdout.write(`${id} revoked\n`);
    });
}
