import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError } from '../errors.js';
import { printJson, writeOut } from '../output.js';
import { openArchive } from '../../archive/archive.js';
import { ArchiveError } from '../../archive/db.js';
import type { Snippet, SearchQuery } from '../../archive/types.js';

function intOption(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

/** Snippet text with its highlights marked (bold on a terminal, ⟦…⟧ otherwise). */
export function markSnippet(s: Snippet, tty: boolean): string {
  const [open, close] = tty ? ['\x1b[1;31m', '\x1b[0m'] : ['⟦', '⟧'];
  let out = '';
  let at = s.start;
  for (const h of s.highlights) {
    out += s.text.slice(at - s.start, h.start - s.start) + open + s.text.slice(h.start - s.start, h.end - s.start) + close;
    at = h.end;
  }
  out += s.text.slice(at - s.start);
  return out.replace(/\s*\n\s*/g, ' ');
}

export function register(program: Command): void {
  program
    .command('search')
    .description(
      'search an archive: words are ANDed and matched across spellings (ي/ی, half-space/space/joined) and lemmas; ' +
        '"…" is an exact phrase, word* a prefix. Snippet offsets index the original article text.',
    )
    .argument('[query]', 'search text (may be empty when a filter is given)', '')
    .requiredOption('--db <file>', 'archive file made by `sokhan import`')
    .option('--json', 'print one JSON object (offsets: utf16, into each article\'s original text)')
    .option('--entity <name>', 'only articles mentioning this entity')
    .option('--speaker <name>', 'only articles quoting this speaker (their quotes are listed)')
    .option('--type <type>', 'only articles with an entity of this type (PER, ORG, LOC …)')
    .option('--from <date>', 'from date: YYYY[-MM[-DD]] (a year below 1700 is Jalali, e.g. 1399-05)')
    .option('--to <date>', 'to date (inclusive), same forms as --from')
    .option('--source <name>', 'source host (farsnews.ir), agency named in the article, or input file name')
    .option('--limit <n>', 'results to show', '20')
    .option('--offset <n>', 'skip this many results (paging)', '0')
    .action(async (query: string, opts: Record<string, string | boolean | undefined>) => {
      const db = opts.db as string;
      if (!existsSync(db)) throw new UserError(`${db}: no such archive; create it with \`sokhan import FILE --db ${db}\``);
      const q: SearchQuery = {
        text: query,
        entity: opts.entity as string | undefined,
        speaker: opts.speaker as string | undefined,
        type: opts.type as string | undefined,
        from: opts.from as string | undefined,
        to: opts.to as string | undefined,
        source: opts.source as string | undefined,
        limit: intOption(String(opts.limit), 'limit', 0, 1000),
        offset: intOption(String(opts.offset), 'offset', 0, 1e9),
      };
      if (!query.trim() && !q.entity && !q.speaker && !q.type && !q.from && !q.to && !q.source) {
        throw new UserError('give a query or a filter (--entity, --speaker, --type, --from, --to, --source)');
      }
      let archive;
      try {
        archive = await openArchive(db, { readonly: true });
      } catch (e) {
        if (e instanceof ArchiveError) throw new UserError(e.message);
        throw e;
      }
      try {
        let res;
        try {
          res = archive.search(q);
        } catch (e) {
          if (e instanceof RangeError || e instanceof ArchiveError) throw new UserError(e.message);
          throw e;
        }
        if (opts.json) {
          await printJson({ offsets: 'utf16', ...res });
          return;
        }
        const tty = process.stdout.isTTY === true;
        let out = `${res.total} article${res.total === 1 ? '' : 's'}${res.hits.length < res.total ? ` (showing ${q.offset ? q.offset + 1 : 1}–${(q.offset ?? 0) + res.hits.length})` : ''}\n`;
        for (const h of res.hits) {
          out += `\n[${h.id}] ${h.title ?? '(no title)'}${h.date ? '  ' + h.date : ''}${h.source ? '  ' + h.source : ''}\n`;
          if (h.link) out += `    ${h.link}\n`;
          for (const s of h.snippets) out += `    … ${markSnippet(s, tty)} …\n`;
          const quotes = h.quotes ?? [];
          for (const qu of quotes.slice(0, 3)) out += `    ${qu.speaker.name} (${qu.verb}): «${qu.text.replace(/\s*\n\s*/g, ' ')}»\n`;
          if (quotes.length > 3) out += `    (${quotes.length - 3} more quotes; --json lists them all)\n`;
        }
        await writeOut(out);
      } finally {
        archive.close();
      }
    });
}
