import { Command, CommanderError } from 'commander';
import { msg } from '../core/messages.ts';
import { loadCommands } from './commands/index.ts';
import { cliText, commanderText } from './option-errors.ts';
import { reportError } from './output.ts';

// `--lang vi|en` anywhere on the line: the language of error and JSON texts (cliLang in lang.ts).
const argv = [...process.argv];
for (let i = 2; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--lang' && i + 1 < argv.length) {
    process.env.DIEUPHOI_LANG = argv[i + 1];
    argv.splice(i, 2);
    break;
  }
  if (a.startsWith('--lang=')) {
    process.env.DIEUPHOI_LANG = a.slice('--lang='.length);
    argv.splice(i, 1);
    break;
  }
}

const program = new Command()
  .name('dieuphoi')
  .description(
    'Điều phối nhân lực — forecast dossier volumes, staff requirements and weekly staff reallocation\n' +
      "for Hanoi's public administrative service points.",
  )
  .version('0.1.0')
  .showHelpAfterError(cliText(msg('cli.option.help_after_error')))
  // commander's own errors (unknown option, missing value…) in the CLI's language, as the other errors are;
  // configured before the commands are added, which inherit it.
  .configureOutput({ outputError: (text, write) => write(commanderText(text)) })
  .exitOverride();

for (const register of await loadCommands()) register(program);

try {
  await program.parseAsync(argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else {
    process.exitCode = reportError(err);
  }
}
