import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { readTextInput } from '../input.js';
import { printJson, writeOut } from '../output.js';
import { readNews, type NewsArticleInput, type NewsResult } from '../../news/index.js';

function intOption(v: string | undefined, name: string, dflt: number, max: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UserError(`${name} must be an integer between 0 and ${max}`);
  return n;
}

/** Raw text, or a JSON article (object, or an array of them with --index). */
export function parseNewsInput(raw: string, index: number | undefined): string | NewsArticleInput {
  const body = raw.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[') return raw;
  let j: unknown;
  try {
    j = JSON.parse(body);
  } catch {
    return raw; // text that merely starts with a brace
  }
  if (Array.isArray(j)) {
    if (index === undefined) throw new UserError(`input is a JSON array of ${j.length} articles; choose one with --index N`);
    const a = j[index];
    if (!a || typeof a !== 'object') throw new UserError(`no article at index ${index} (the array has ${j.length})`);
    return a as NewsArticleInput;
  }
  if (j && typeof j === 'object') {
    const a = j as NewsArticleInput;
    const hasText = ['title', 'lead', 'abstract', 'body', 'paragraphs'].some((k) => a[k] !== undefined);
    if (!hasText) throw new UserError('JSON input needs title, lead/abstract and body/paragraphs');
    return a;
  }
  return raw;
}

export function formatNewsText(r: NewsResult): string {
  const lines: string[] = [];
  if (r.source) {
    const parts = [r.source.agency, r.source.desk, r.source.dateline, r.source.via ? `via ${r.source.via}` : ''].filter(Boolean);
    lines.push(`Source: ${parts.join(' — ') || r.source.text}  [${r.source.start}–${r.source.end}]`);
  } else lines.push('Source: (none found)');
  lines.push('', `Entities (${r.entities.length}):`);
  for (const e of r.entities) {
    const extra = [e.ranks.length ? `ranks: ${e.ranks.join('، ')}` : '', e.titles.length ? `titles: ${e.titles.join(' | ')}` : ''].filter(Boolean).join('; ');
    lines.push(`  ${e.id.padEnd(4)} ${e.name} (${e.type})${extra ? ' — ' + extra : ''} — ${e.mentions.length} mention${e.mentions.length === 1 ? '' : 's'}`);
  }
  lines.push('', `Quotes (${r.quotes.length}):`);
  r.quotes.forEach((q, i) => {
    const via = q.speaker.mention && q.speaker.mention.text !== q.speaker.name ? ` via «${q.speaker.mention.text}»` : '';
    lines.push(`  ${String(i + 1).padStart(2)}. [${q.kind}] ${q.speaker.name}${via}${q.verb ? ` (${q.verb})` : ''} [${q.start}–${q.end}]`);
    lines.push(`      «${q.text.replace(/\s+/g, ' ')}»`);
  });
  lines.push('', `Key phrases: ${r.keyphrases.map((k) => k.text).join(' · ') || '(none)'}`);
  lines.push('', 'Summary:');
  for (const s of r.summary) lines.push(`  - ${s.text.replace(/\s+/g, ' ')}`);
  if (r.dates.length) {
    lines.push('', 'Dates:');
    for (const d of r.dates) lines.push(`  ${d.text} → ${d.iso} (${d.calendar})`);
  }
  if (r.numbers.length) lines.push('', `Numbers: ${r.numbers.map((n) => `${n.text}=${n.value}`).join(', ')}`);
  return lines.join('\n') + '\n';
}

export function register(program: Command): void {
  program
    .command('news')
    .description('read a news article: source line, entities with titles, quotes with speakers, key phrases, summary, dates')
    .argument('[file]', 'article as raw text or JSON ({title, lead|abstract, body|paragraphs}); - for stdin', '-')
    .option('--json', 'one JSON object on stdout (offsets: UTF-16 into the input text / the assembled article)')
    .option('--sentences <n>', 'summary sentences', '3')
    .option('--keyphrases <n>', 'key phrases', '10')
    .option('--index <n>', 'article index when the input is a JSON array')
    .option('--no-pipeline', 'use only the news reader\'s own rules (no tokenizer/NER models)')
    .action(async (file: string, opts: { json?: boolean; sentences?: string; keyphrases?: string; index?: string; pipeline?: boolean }) => {
      const raw = await readTextInput(file);
      const index = opts.index === undefined ? undefined : intOption(opts.index, '--index', 0, Number.MAX_SAFE_INTEGER);
      const input = parseNewsInput(raw, index);
      const r = readNews(input, {
        sentences: intOption(opts.sentences, '--sentences', 3, 50),
        keyphrases: intOption(opts.keyphrases, '--keyphrases', 10, 100),
        usePipeline: opts.pipeline !== false,
      });
      if (opts.json) await printJson(r);
      else await writeOut(formatNewsText(r));
    });
}
