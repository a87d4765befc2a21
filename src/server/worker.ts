// piscina worker: runs one analysis task off the main thread (see work.ts).
import { runTask, type Task, type TaskResult } from './work.js';

/**
 * The result goes back already serialised: structured-cloning the object tree of an analysis
 * (thousands of small token objects) and then stringifying it on the main thread cost the event
 * loop more than sending one string, which is copied in one piece.
 */
export default async function run(task: Task): Promise<TaskResult> {
  const r = await runTask(task);
  if (r.ok && 'value' in r) return { ok: true, json: JSON.stringify(r.value), ...(r.skipped ? { skipped: r.skipped } : {}) };
  return r;
}
