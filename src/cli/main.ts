import { Command, CommanderError } from 'commander';
import { loadCommands } from './commands/index.ts';
import { reportError } from './output.ts';

const program = new Command()
  .name('dieuphoi')
  .description(
    'Điều phối nhân lực — forecast dossier volumes, staff requirements and weekly staff reallocation\n' +
      "for Hanoi's public administrative service points.",
  )
  .version('0.1.0')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

for (const register of await loadCommands()) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    process.exitCode = reportError(err);
  }
}
