import { runTask, type Task } from './work.js';

export type PartsReport = Record<string, { ready: boolean; message?: string }>;

/** Which parts of sokhan answer: each is tried once on a short sentence. */
export async function probeParts(): Promise<PartsReport> {
  const sample = 'به گزارش ایرنا، علی رضایی گفت: «این طرح اجرا می‌شود.»';
  const tasks: [string, Task][] = [
    ['normalize', { op: 'normalize', text: sample }],
    ['analyze', { op: 'analyze', text: sample }],
    ['news', { op: 'news', text: sample }],
  ];
  const out: PartsReport = {};
  for (const [name, task] of tasks) {
    const r = await runTask(task);
    out[name] = r.ok ? { ready: true } : { ready: false, message: r.message };
  }
  return out;
}
