import { normalize } from '../text/normalize.js';
import type { NormalizeOptions } from '../text/options.js';
import { sokhan, type Pipeline } from '../pipeline.js';
import type { Doc } from '../doc/types.js';
import { changesOf } from './changes.js';
import type { ArticleBody } from './schemas.js';
import { readNews, articleText, type NewsArticleInput } from '../news/index.js';

/**
 * The CPU-heavy work behind /api/normalize, /api/analyze and /api/news, as plain
 * functions from a serialisable task to a serialisable result. The server runs them
 * inline for small inputs and in a piscina worker (worker.ts) for large ones.
 */
export type Task =
  | { op: 'normalize'; text: string; options?: Partial<NormalizeOptions> }
  | { op: 'analyze'; text: string; options?: Partial<NormalizeOptions> }
  | { op: 'news'; text?: string; article?: ArticleBody; options?: Partial<NormalizeOptions> };

/** Errors cross the worker boundary as data (piscina would lose the class). */
export type TaskResult =
  | { ok: true; value: unknown }
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
// The analysis pipeline (built once per thread; models load lazily inside it).

const pipelines = new Map<string, Pipeline>();
function pipelineFor(options: Partial<NormalizeOptions> | undefined): Pipeline {
  const key = options ? JSON.stringify(options) : '';
  let nlp = pipelines.get(key);
  if (!nlp) {
    nlp = sokhan({ normalize: options });
    if (pipelines.size > 32) pipelines.clear(); // bounded: option sets are few in practice
    pipelines.set(key, nlp);
  }
  return nlp;
}

type AnalyzeJson = (doc: Doc) => unknown;
let analyzeJson: AnalyzeJson | null | undefined;

/**
 * The JSON that `sokhan analyze --format json` prints. The CLI command owns the format;
 * when it exports its serialiser we use that one so the two cannot differ.
 */
async function loadAnalyzeJson(): Promise<AnalyzeJson> {
  if (analyzeJson) return analyzeJson;
  try {
    const spec = '../cli/commands/analyze.js';
    const m = (await import(spec)) as Record<string, unknown>;
    for (const name of ['docToJson', 'analyzeJson', 'toJson', 'docJson']) {
      if (typeof m[name] === 'function') {
        analyzeJson = m[name] as AnalyzeJson;
        return analyzeJson;
      }
    }
  } catch {
    /* fall through to ours */
  }
  analyzeJson = defaultDocJson;
  return analyzeJson;
}

/** DESIGN §2 Doc as JSON (offsets in UTF-16 code units), used until the CLI exports its own. */
export function defaultDocJson(doc: Doc): unknown {
  return {
    offsets: 'utf16',
    text: doc.text,
    sentences: doc.sentences.map((s) => ({ start: s.start, end: s.end, sourceStart: s.sourceStart, sourceEnd: s.sourceEnd, tokenStart: s.tokenStart, tokenEnd: s.tokenEnd })),
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
        const toJson = await loadAnalyzeJson();
        const doc = pipelineFor(task.options)(task.text);
        return { ok: true, value: toJson(doc) };
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
