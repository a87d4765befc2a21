import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';

type Registrar = { register(parent: Command): void };

/**
 * Commands load lazily: only the module of the command being run is imported, which keeps
 * start-up short (every command pulls in different models and libraries). `--help` and
 * unknown commands load them all, so help and suggestions are complete.
 */
const COMMANDS: Record<string, () => Promise<Registrar>> = {
  normalize: () => import('./commands/normalize.js'),
  analyze: () => import('./commands/analyze.js'),
  news: () => import('./commands/news.js'),
  serve: () => import('./commands/serve.js'),
  import: () => import('./commands/import.js'),
  search: () => import('./commands/search.js'),
};
const EVAL_COMMANDS: Record<string, () => Promise<Registrar>> = {
  ud: () => import('./commands/eval-ud.js'),
  zwnj: () => import('./commands/eval-zwnj.js'),
  ner: () => import('./commands/eval-ner.js'),
  news: () => import('./commands/eval-news.js'),
};
const ORDER = ['normalize', 'analyze', 'news', 'eval', 'serve', 'import', 'search'];

/** The first two words of argv that are not options (the command and, for eval, its subcommand). */
function commandWords(argv: readonly string[]): string[] {
  return argv.filter((a) => !a.startsWith('-')).slice(0, 2);
}

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('sokhan')
    .description('Persian text toolkit: normalise, analyse, read news, archive and search')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const [cmd, sub] = commandWords(argv);
  const known = cmd !== undefined && (cmd in COMMANDS || cmd === 'eval');
  for (const name of ORDER) {
    if (known && name !== cmd) continue;
    if (name === 'eval') {
      const evalCmd = program.command('eval').description('score sokhan against gold data (ud, zwnj, ner, news)');
      const subs = known && sub !== undefined && sub in EVAL_COMMANDS ? [sub] : Object.keys(EVAL_COMMANDS);
      for (const s of subs) (await EVAL_COMMANDS[s]()).register(evalCmd);
      for (const c of evalCmd.commands) c.exitOverride();
      evalCmd.exitOverride();
    } else {
      (await COMMANDS[name]()).register(program);
    }
  }
  // Subcommands inherit exitOverride so that errors come back to run().
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Run the CLI; returns the exit status. Errors print one line on stderr. */
export async function run(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
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
