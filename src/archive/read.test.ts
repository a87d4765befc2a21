import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { jsonArrayElements, readInput, type InputRecord } from './read.js';

const dir = mkdtempSync(join(tmpdir(), 'sokhan-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(file: string): Promise<InputRecord[]> {
  const out: InputRecord[] = [];
  for await (const r of readInput(file)) out.push(r);
  return out;
}

describe('input files', () => {
  it('reads a JSON array and reports a malformed element with its line, then goes on', () => {
    const text = '[\n  {"title": "یک"},\n  {"title": "دو",, },\n  {"title": "سه", "paragraphs": ["الف"]},\n  42\n]';
    const recs = [...jsonArrayElements(text)];
    expect(recs.map((r) => (r.ok ? `ok:${r.line}` : `bad:${r.line}`))).toEqual(['ok:2', 'bad:3', 'ok:4', 'bad:5']);
  });

  it('reports an unterminated array', () => {
    const recs = [...jsonArrayElements('[{"title": "یک"},\n{"title": "دو"')];
    expect(recs[0].ok).toBe(true);
    expect(recs.some((r) => !r.ok && /end of file/.test(r.message))).toBe(true);
  });

  it('reads JSONL with a corrupt line, giving its line number', async () => {
    const f = join(dir, 'a.jsonl');
    writeFileSync(f, '{"title":"یک"}\n{"title": "دو"\n\n{"title":"سه","tags":"x"}\n{"title":"چهار"}\n');
    const recs = await all(f);
    expect(recs.map((r) => (r.ok ? `ok:${r.line}` : `bad:${r.line}`))).toEqual(['ok:1', 'bad:2', 'bad:4', 'ok:5']);
  });

  it('detects gzip by its magic bytes, whatever the name', async () => {
    const f = join(dir, 'articles.data');
    writeFileSync(f, gzipSync(Buffer.from(JSON.stringify([{ title: 'الف', abstract: 'ب' }, { title: 'ج' }]))));
    const recs = await all(f);
    expect(recs.filter((r) => r.ok)).toHaveLength(2);
  });

  it('reads a plain-text file as one article, and a JSONL.gz file', async () => {
    const t = join(dir, 'one.txt');
    writeFileSync(t, 'خبر کوتاه.\nخط دوم.');
    expect(await all(t)).toEqual([{ ok: true, line: 1, text: 'خبر کوتاه.\nخط دوم.' }]);
    const g = join(dir, 'b.jsonl.gz');
    writeFileSync(g, gzipSync(Buffer.from('{"text":"یک"}\n{"text":"دو"}\n')));
    expect((await all(g)).map((r) => r.ok)).toEqual([true, true]);
  });

  it('reports invalid UTF-8 in a JSONL line', async () => {
    const f = join(dir, 'c.jsonl');
    writeFileSync(f, Buffer.concat([Buffer.from('{"title":"a"}\n{"title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]));
    const recs = await all(f);
    expect(recs[1]).toEqual({ ok: false, line: 2, message: 'invalid UTF-8' });
  });

  it('throws a clear error for a missing file', async () => {
    await expect(all(join(dir, 'missing.json'))).rejects.toThrow(/no such file/);
  });
});
