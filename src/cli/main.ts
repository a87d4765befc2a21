import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';
import { register as normalize } from './commands/normalize.js';
import { register as analyze } from './commands/analyze.js';
import { register as news } from './commands/news.js';
import { register as serve } from './commands/serve.js';
import { register as importCmd } from './commands/import.js';
import { register as search } from './commands/search.js';
import { register as evalUd } from './commands/eval-ud.js';
import { register as evalZwnj } from './commands/eval-zwnj.js';
import { register as evalNer } from './commands/eval-ner.js';
import { register as evalNews } from './commands/eval-news.js';

export function buildProgram(): Command {
  const program = new Command('sokhan')
    .description('Persian text toolkit: normalise, analyse, read news, archive and search')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  normalize(program);
  analyze(program);
  news(program);
  const evalCmd = program.command('eval').description('score sokhan against gold data');
  evalUd(evalCmd);
  evalZwnj(evalCmd);
  evalNer(evalCmd);
  evalNews(evalCmd);
  serve(program);
  importCmd(program);
  search(program);
  // Subcommands inherit exitOverride so that errors come back to run().
  for (const c of [...program.commands, ...evalCmd.commands]) c.exitOverride();
  return program;
}

/** Run the CLI; returns the exit status. Errors print one line on stderr. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return e.exitCode;
    }
    if (e instanceof UserError) {
      process.stderr.write(`sokhan: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'EPIPE') return 0;
    // Library errors written for users (e.g. a missing model file) start with "sokhan:".
    if (err instanceof Error && err.message.startsWith('sokhan: ')) {
      process.stderr.write(`${err.message.split('\n')[0]}\n`);
      return 1;
    }
    process.stderr.write(`sokhan: internal error: ${err?.stack ?? String(e)}\n`);
    return 70;
  }
}
