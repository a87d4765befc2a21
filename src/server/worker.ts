// piscina worker: runs one analysis task off the main thread (see work.ts).
import { runTask, type Task, type TaskResult } from './work.js';

export default function run(task: Task): Promise<TaskResult> {
  return runTask(task);
}
