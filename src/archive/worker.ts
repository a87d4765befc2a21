/**
 * piscina worker: analyses a batch of articles (./analyse.ts). One analyser (pipeline, models)
 * is built per thread on its first task. An article that fails is returned as an error entry, so
 * one bad article never loses the rest of its batch.
 */
import { analyseItem, analyserNotes, type AnalysedArticle, type AnalysisMode, type ImportItem } from './analyse.js';

export type WorkerResult = AnalysedArticle | { key: string; file: string; line: number; error: string };

export interface WorkerTask {
  mode: AnalysisMode;
  items: ImportItem[];
}

export default async function analyseBatch(task: WorkerTask): Promise<{ results: WorkerResult[]; notes: string[] }> {
  const results: WorkerResult[] = [];
  for (const item of task.items) {
    try {
      results.push(await analyseItem(item, task.mode));
    } catch (e) {
      results.push({ key: item.key, file: item.file, line: item.line, error: (e as Error).message ?? String(e) });
    }
  }
  return { results, notes: await analyserNotes(task.mode) };
}
