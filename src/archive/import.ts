import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { Piscina } from 'piscina';
import { openDatabase, explainDbError } from './db.js';
import { ArchiveWriter } from './store.js';
import { readInput, countRecords, InputError } from './read.js';
import { analyseItem, analyserNotes, originalText, type AnalysedArticle, type AnalysisMode, type ImportItem } from './analyse.js';
import type { WorkerResult, WorkerTask } from './worker.js';

export interface ImportIssue {
  file: string;
  /** 1-based line (0 when the whole file could not be read). */
  line: number;
  message: string;
}

export interface ImportProgress {
  done: number;
  /** Known total (after counting), or null. */
  total: number | null;
  imported: number;
}

export interface ImportOptions {
  /** Worker threads for the analysis; 0 analyses in this thread. Default: available cores. */
  workers?: number;
  /** Articles per worker task and per transaction (default 32). */
  batchSize?: number;
  /** `full` (default): pipeline with the tagger; `fast`: no tagger, lemmas from the form (see ./analyse.ts). */
  analysis?: AnalysisMode;
  /** Count the articles first, so that progress has a total (default false). */
  countFirst?: boolean;
  busyTimeoutMs?: number;
  onProgress?(p: ImportProgress): void;
  /** Called for every bad line / element / unreadable file, as it is found. */
  onIssue?(issue: ImportIssue): void;
}

export interface ImportSummary {
  files: number;
  /** Articles read from the inputs (good ones). */
  read: number;
  imported: number;
  /** Already in the archive before this run (e.g. a re-run after a crash). */
  skippedExisting: number;
  /** Seen twice in this run's inputs (same link / id / text). */
  duplicates: number;
  /** Bad lines, elements or files (each reported through onIssue). */
  errors: number;
  /** Articles indexed with a reduced analysis because a component failed on them. */
  warnings: number;
  /** Which parts of the analysis are missing in this build, if any. */
  notes: string[];
  workers: number;
  seconds: number;
  /** Imported articles per second (wall clock, including start-up). */
  rate: number;
}

/**
 * The identity of an article for idempotent import: its link, else its id (`code` / `id`),
 * else the SHA-256 of its original text.
 */
export function articleKey(item: { article?: Record<string, unknown>; text?: string }, original: string): string {
  const a = item.article;
  if (a) {
    const link = typeof a.link === 'string' && a.link.trim() ? a.link.trim() : typeof a.url === 'string' && a.url.trim() ? a.url.trim() : null;
    if (link) return 'link:' + link;
    const id = a.code ?? a.id;
    if ((typeof id === 'string' && id.trim()) || (typeof id === 'number' && Number.isFinite(id))) return 'id:' + String(id).trim();
  }
  return 'sha256:' + createHash('sha256').update(original).digest('hex');
}

/** The compiled worker (dist/archive/worker.js), or null when running from sources. */
function workerFile(): URL | null {
  const u = new URL('./worker.js', import.meta.url);
  return existsSync(u) ? u : null;
}

/**
 * Import files into an archive. Articles are analysed on `workers` threads and written one
 * transaction per batch, so a crash loses at most the batches in flight; a re-run skips every
 * key already committed. Throws ArchiveError (one-line message) if the database cannot be
 * opened for writing; problems in the inputs are reported through `onIssue` and counted.
 */
export async function importFiles(dbPath: string, files: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
  const t0 = performance.now();
  const db = openDatabase(dbPath, { busyTimeoutMs: opts.busyTimeoutMs });
  const writer = new ArchiveWriter(db);
  const batchSize = Math.max(1, Math.min(1000, Math.trunc(opts.batchSize ?? 32)));
  let workers = Math.max(0, Math.trunc(opts.workers ?? availableParallelism()));
  const wf = workers > 0 ? workerFile() : null;
  if (!wf) workers = 0;
  const pool = wf ? new Piscina({ filename: wf.href, minThreads: workers, maxThreads: workers, idleTimeout: 1000 }) : null;

  const summary: ImportSummary = {
    files: files.length, read: 0, imported: 0, skippedExisting: 0, duplicates: 0, errors: 0, warnings: 0,
    notes: [], workers, seconds: 0, rate: 0,
  };
  const issue = (file: string, line: number, message: string): void => {
    summary.errors++;
    opts.onIssue?.({ file, line, message });
  };
  const mode: AnalysisMode = opts.analysis === 'fast' ? 'fast' : 'full';
  const seen = writer.existingKeys();
  const inRun = new Set<string>();
  let total: number | null = null;
  if (opts.countFirst) {
    total = 0;
    for (const f of files) {
      try {
        total += await countRecords(f);
      } catch {
        /* reported when read */
      }
    }
  }
  let done = 0;
  const progress = (): void => opts.onProgress?.({ done, total, imported: summary.imported });
  const notes = new Set<string>();

  const write = (results: WorkerResult[]): void => {
    const good: AnalysedArticle[] = [];
    for (const r of results) {
      if ('error' in r) issue(r.file, r.line, `analysis failed: ${r.error}`);
      else {
        good.push(r);
        if (r.warnings.length) summary.warnings++;
      }
    }
    try {
      summary.imported += writer.writeBatch(good);
    } catch (e) {
      writer.resetCache();
      throw explainDbError(e, dbPath);
    }
    done += results.length;
    progress();
  };

  const inflight = new Set<Promise<void>>();
  let failure: unknown = null;
  const maxInflight = Math.max(1, workers * 2);
  const dispatch = async (batch: ImportItem[]): Promise<void> => {
    if (!pool) {
      const results: WorkerResult[] = [];
      for (const item of batch) {
        try {
          results.push(await analyseItem(item, mode));
        } catch (e) {
          results.push({ key: item.key, file: item.file, line: item.line, error: (e as Error).message });
        }
      }
      write(results);
      return;
    }
    const p: Promise<void> = (pool.run({ mode, items: batch } satisfies WorkerTask) as Promise<{ results: WorkerResult[]; notes: string[] }>).then(
      (r) => {
        for (const n of r.notes) notes.add(n);
        write(r.results);
      },
    ).catch((e) => {
      failure ??= e;
    }).finally(() => {
      inflight.delete(p);
    });
    inflight.add(p);
    while (inflight.size >= maxInflight) await Promise.race(inflight);
  };

  let batch: ImportItem[] = [];
  try {
    for (const input of files) {
      const file = input === '-' ? '<stdin>' : input;
      try {
        for await (const rec of readInput(input)) {
          if (failure) throw failure;
          if (!rec.ok) {
            issue(file, rec.line, rec.message);
            done++;
            continue;
          }
          summary.read++;
          const item: ImportItem = { key: '', file, line: rec.line, ...(rec.article ? { article: rec.article } : { text: rec.text }) };
          let original: string;
          try {
            original = originalText(item);
          } catch (e) {
            issue(file, rec.line, (e as Error).message);
            continue;
          }
          item.key = articleKey(item, original);
          if (seen.has(item.key)) {
            if (inRun.has(item.key)) summary.duplicates++;
            else summary.skippedExisting++;
            done++;
            if (done % 64 === 0) progress();
            continue;
          }
          seen.add(item.key);
          inRun.add(item.key);
          batch.push(item);
          if (batch.length >= batchSize) {
            const b = batch;
            batch = [];
            await dispatch(b);
          }
        }
      } catch (e) {
        if (e instanceof InputError) issue(file, 0, e.message);
        else throw e;
      }
    }
    if (batch.length) await dispatch(batch);
    while (inflight.size) await Promise.race(inflight);
    if (failure) throw failure;
  } finally {
    if (pool) await pool.destroy();
    try {
      db.close();
    } catch {
      /* ignore */
    }
  }
  if (!pool) for (const n of await analyserNotes(mode)) notes.add(n);
  summary.notes = [...notes];
  summary.seconds = (performance.now() - t0) / 1000;
  summary.rate = summary.seconds > 0 ? summary.imported / summary.seconds : 0;
  progress();
  return summary;
}
