import { normalize } from '../text/normalize.js';
import type { NormalizeOptions } from '../text/options.js';
import { availablePipeline, type AvailablePipeline, type TreebankModel } from '../cli/commands/analyze.js';
import type { Doc } from '../doc/types.js';
import { changesOf } from './changes.js';
import type { ArticleBody } from './schemas.js';
import { readNews, articleText, type NewsArticleInput } from '../news/index.js';

/**
 * The CPU-heavy work behind /api/normalize, /api/analyze and /api/news, as plain
 * functions from a serialisable task to a serialisable result. The server runs them
 * on a piscina worker (worker.ts), or inline on the main thread for small inputs (pool.ts).
 */
export type Task =
  | { op: 'normalize'; text: string; options?: Partial<NormalizeOptions> }
  | { op: 'analyze'; text: string; model?: TreebankModel }
  | { op: 'news'; text?: string; article?: ArticleBody };

/** Errors cross the worker boundary as data (piscina would lose the class). */
export type TaskResult =
  | { ok: true; value: unknown; skipped?: string[] }
  /** The same value already serialised (from a worker: a string crosses threads far cheaper than an object tree). */
  | { ok: true; json: string; skipped?: string[] }
  | { ok: false; code: 'not_ready' | 'invalid_request' | 'internal'; message: string };

/** A part of sokhan that is not written yet (a placeholder, or a module that is missing). */
export class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotReadyError';
  }
}

export function isNotReady(e: unknown): boolean {
  if (e instanceof NotReadyError) return true;
  const err = e as NodeJS.ErrnoException | undefined;
  if (!err || typeof err !== 'object') return false;
  if (err.code === 'ERR_MODULE_NOT_FOUND') return true;
  // The placeholders' wording: "… is not implemented yet", "… is being written (issue N)".
  // A model that has not been built yet is the same: that part cannot answer.
  return typeof err.message === 'string' && /not implemented yet|is being written|model file \S+ is missing/i.test(err.message);
}

// ---------------------------------------------------------------------------------------
// The analysis pipeline: the same one `sokhan analyze` builds (every component that works in
// this build; one whose model is not built yet is left out and named), once per thread.

const pipelines = new Map<TreebankModel, AvailablePipeline>();
function pipelineFor(model: TreebankModel): AvailablePipeline {
  let p = pipelines.get(model);
  if (!p) {
    p = availablePipeline(model);
    pipelines.set(model, p);
  }
  return p;
}

/**
 * The JSON that `sokhan analyze --format json` prints for one document (src/cli/commands/analyze.ts):
 * `source` only when it differs from `text`. The server test compares the two outputs.
 */
export function analyzeJson(doc: Doc): Record<string, unknown> {
  return {
    offsets: 'utf16',
    ...(doc.source !== doc.text ? { source: doc.source } : {}),
    text: doc.text,
    sentences: doc.sentences,
    tokens: doc.tokens,
    entities: doc.entities,
  };
}

// ---------------------------------------------------------------------------------------
// The news reader (src/news): its offsets index the input text, or articleText(article).

function checkText(text: string): void {
  if (text.indexOf('\u0000') >= 0) throw new InvalidInput('the text contains a NUL character (binary input?)');
}

class InvalidInput extends Error {}

export async function runTask(task: Task): Promise<TaskResult> {
  try {
    switch (task.op) {
      case 'normalize': {
        checkText(task.text);
        const r = normalize(task.text, task.options);
        return { ok: true, value: { offsets: 'utf16', text: r.text, changes: changesOf(task.text, r.text, r.map) } };
      }
      case 'analyze': {
        checkText(task.text);
        const p = pipelineFor(task.model ?? 'perdt');
        return { ok: true, value: analyzeJson(p.nlp(task.text)), skipped: p.skipped.map((x) => x.name) };
      }
      case 'news': {
        if (task.article) {
          const article = task.article as NewsArticleInput;
          checkText(articleText(article));
          return { ok: true, value: readNews(article) };
        }
        const text = task.text ?? '';
        checkText(text);
        return { ok: true, value: readNews(text) };
      }
    }
  } catch (e) {
    if (isNotReady(e)) return { ok: false, code: 'not_ready', message: (e as Error).message };
    if (e instanceof InvalidInput) return { ok: false, code: 'invalid_request', message: (e as Error).message };
    return { ok: false, code: 'internal', message: (e as Error)?.message ?? String(e) };
  }
}
