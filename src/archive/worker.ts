/**
 * piscina worker: analyses a batch of articles (./analyse.ts). One analyser (pipeline, models)
 * is built per thread on its first task. An article that fails is returned as an error entry, so
 * one bad article never loses the rest of its batch.
 */
import { analyseItem, analyserNotes, type AnalysedArticle, type ImportItem } from './analyse.js';

export type WorkerResult = AnalysedArticle | { key: string; file: string; line: number; error: string };

export default async function analyseBatch(batch: ImportItem[]): Promise<{ results: WorkerResult[]; notes: string[] }> {
  const results: WorkerResult[] = [];
  for (const item of batch) {
    try {
      results.push(await analyseItem(item));
    } catch (e) {
      results.push({ key: item.key, file: item.file, line: item.line, error: (e as Error).message ?? String(e) });
    }
  }
  return { results, notes: await analyserNotes() };
}
