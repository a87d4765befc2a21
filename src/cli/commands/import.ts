import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import cliProgress from 'cli-progress';
import { UserError } from '../errors.js';
import { printJson } from '../output.js';
import { importFiles, type ImportIssue, type ImportSummary } from '../../archive/import.js';
import { ArchiveError } from '../../archive/db.js';

/** Exit status when the import finished but some lines, elements or files were skipped. */
export const EXIT_PARTIAL = 2;
const MAX_PRINTED_ISSUES = 100;

function intOption(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`--${name} must be an integer from ${min} to ${max}, got "${v}"`);
  return n;
}

function formatSecs(s: number): string {
  if (!Number.isFinite(s)) return '…';
  const t = Math.round(s);
  return t >= 3600 ? `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m` : t >= 60 ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s` : `${t}s`;
}

function summaryLine(s: ImportSummary): string {
  const parts = [
    `imported ${s.imported} article${s.imported === 1 ? '' : 's'}`,
    `${s.skippedExisting} already in the archive`,
    `${s.duplicates} duplicate${s.duplicates === 1 ? '' : 's'} in the input`,
    `${s.errors} error${s.errors === 1 ? '' : 's'} (skipped)`,
  ];
  if (s.warnings) parts.push(`${s.warnings} with reduced analysis`);
  return `${parts.join(', ')}; ${s.seconds.toFixed(1)} s, ${s.rate.toFixed(1)} articles/s, ${s.workers} worker${s.workers === 1 ? '' : 's'}`;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'import news articles into an SQLite archive (JSON arrays, JSONL, .gz, plain-text files); ' +
        're-running is idempotent and resumes an interrupted import. Exit status: 0 all read, ' +
        `${EXIT_PARTIAL} finished but some lines/elements/files were skipped (listed on stderr), 1 error`,
    )
    .argument('<files...>', 'input files (JSON array, JSONL, gzip of either, or a text file = one article); - for stdin')
    .requiredOption('--db <file>', 'archive file (created if missing)')
    .option('--workers <n>', `analysis threads (default: ${availableParallelism()} = cores; 0 = in this thread)`)
    .option('--analysis <mode>', 'full (pipeline with the POS tagger) or fast (no tagger: lemmas from the word form)', 'full')
    .option('--batch-size <n>', 'articles per transaction', '32')
    .option('--wait <ms>', 'how long to wait for a database locked by another process', '5000')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (files: string[], opts: Record<string, string | boolean | undefined>) => {
      const workers = opts.workers === undefined ? undefined : intOption(String(opts.workers), 'workers', 0, 256);
      const batchSize = intOption(String(opts.batchSize), 'batch-size', 1, 1000);
      const wait = intOption(String(opts.wait), 'wait', 0, 3_600_000);
      const analysis = String(opts.analysis);
      if (analysis !== 'full' && analysis !== 'fast') throw new UserError(`--analysis must be full or fast, got "${analysis}"`);
      const tty = process.stderr.isTTY === true && opts.progress !== false;
      let bar: cliProgress.SingleBar | null = null;
      const pending: ImportIssue[] = [];
      let printed = 0;
      const printIssue = (i: ImportIssue): void => {
        if (printed++ < MAX_PRINTED_ISSUES) process.stderr.write(`sokhan: ${i.file}${i.line ? ':' + i.line : ''}: ${i.message}\n`);
        else if (printed === MAX_PRINTED_ISSUES + 1) process.stderr.write('sokhan: (more errors not shown; see the summary)\n');
      };
      if (tty) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: 'importing [{bar}] {percentage}% | {value}/{total} articles | {rate}/s | ETA {left}',
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
      }
      let firstAt: number | null = null;
      let firstDone = 0;
      let summary: ImportSummary;
      try {
        summary = await importFiles(opts.db as string, files, {
          workers,
          batchSize,
          analysis,
          busyTimeoutMs: wait,
          countFirst: tty,
          onIssue: (i) => (bar ? pending.push(i) : printIssue(i)),
          onProgress: (p) => {
            if (!bar) return;
            // Rate and ETA from the first finished batch on (start-up loads the models).
            const now = performance.now();
            if (firstAt === null && p.done > 0) {
              firstAt = now;
              firstDone = p.done;
            }
            const secs = firstAt === null ? 0 : (now - firstAt) / 1000;
            const r = secs > 0.5 ? (p.done - firstDone) / secs : 0;
            const total = p.total !== null ? Math.max(p.total, p.done) : p.done;
            const left = r > 0 && p.total !== null ? formatSecs((total - p.done) / r) : '…';
            if (!bar.isActive) bar.start(total, 0, { rate: r.toFixed(1), left });
            bar.setTotal(total);
            bar.update(p.done, { rate: r.toFixed(1), left });
          },
        });
      } catch (e) {
        bar?.stop();
        if (e instanceof ArchiveError) throw new UserError(e.message);
        throw e;
      }
      bar?.stop();
      for (const i of pending) printIssue(i);
      for (const n of summary.notes) process.stderr.write(`sokhan: note: ${n}\n`);
      if (opts.json) await printJson({ ...summary, seconds: Math.round(summary.seconds * 1000) / 1000, rate: Math.round(summary.rate * 10) / 10 });
      // With skipped inputs the summary is the one-line error of a non-zero exit (EXIT_PARTIAL).
      if (summary.errors > 0) throw new UserError(summaryLine(summary), EXIT_PARTIAL);
      process.stderr.write(`sokhan: ${summaryLine(summary)}\n`);
    });
}
