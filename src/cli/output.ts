/** Write to stdout, respecting back-pressure, and ignore EPIPE (e.g. `| head`). */
export async function writeOut(s: string): Promise<void> {
  if (s.length === 0) return;
  await new Promise<void>((resolve, reject) => {
    const ok = process.stdout.write(s, (err) => {
      if (err && (err as NodeJS.ErrnoException).code !== 'EPIPE') reject(err);
    });
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}

export function printJson(value: unknown): Promise<void> {
  return writeOut(JSON.stringify(value) + '\n');
}
