// End-to-end tests of `sokhan import` / `sokhan search` through the compiled CLI (bin/sokhan.js
// → dist/; `npm test` builds first). Corpora are generated here from words written for the test.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { explainDbError } from './db.js';

const BIN = fileURLToPath(new URL('../../bin/sokhan.js', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sokhan-cli-'));
afterAll(() => {
  try {
    chmodSync(join(dir, 'ro'), 0o755);
  } catch {
    /* not created */
  }
  rmSync(dir, { recursive: true, force: true });
});

function sokhan(args: string[], opts: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build` before these tests (npm test does)');
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000, ...opts });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

const WORDS = ['دولت', 'مجلس', 'نفت', 'بازار', 'تیم', 'ورزشگاه', 'کتاب', 'دانشگاه', 'شهر', 'باران', 'قیمت', 'سفر', 'دریا', 'کوه', 'مدرسه', 'بیمارستان', 'جاده', 'قطار'];
const VERBS = ['گفت', 'اعلام کرد', 'افزود', 'می‌گوید', 'برگزار شد', 'خرید'];

/** A deterministic article made of test words; `i` makes its link and text unique. */
function article(i: number): Record<string, unknown> {
  let seed = i * 7919 + 13;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const sentence = () => {
    const w: string[] = [];
    for (let k = 0; k < 8; k++) w.push(WORDS[rnd(WORDS.length)]);
    return w.join(' ') + ' ' + VERBS[rnd(VERBS.length)] + '.';
  };
  return {
    title: `خبر شماره ${i} درباره ${WORDS[i % WORDS.length]}`,
    abstract: sentence(),
    paragraphs: [sentence() + ' ' + sentence(), sentence()],
    link: `https://example.org/news/${i}`,
  };
}

function corpus(file: string, n: number): void {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify(article(i)));
  writeFileSync(file, lines.join('\n') + '\n');
}

function count(db: string): { n: number; keys: number; fts: number } {
  const d = new Database(db, { readonly: true });
  try {
    return {
      n: (d.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n,
      keys: (d.prepare('SELECT count(DISTINCT key) AS n FROM articles').get() as { n: number }).n,
      fts: (d.prepare('SELECT count(*) AS n FROM article_fts').get() as { n: number }).n,
    };
  } finally {
    d.close();
  }
}

describe('sokhan import (CLI)', () => {
  it('reports a corrupt line with file and line, skips it, prints a summary and exits 2', () => {
    const f = join(dir, 'bad.jsonl');
    writeFileSync(f, [JSON.stringify(article(1)), '{"title": "شکسته', JSON.stringify(article(2)), '[1, 2]'].join('\n') + '\n');
    const db = join(dir, 'bad.sqlite');
    const r = sokhan(['import', f, '--db', db, '--workers', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${f}:2: malformed JSON`);
    expect(r.stderr).toContain(`${f}:4: expected an article object`);
    expect(r.stderr).toMatch(/imported 2 articles, .*2 errors \(skipped\)/);
    // Quiet when piped: no progress bar.
    expect(r.stderr).not.toMatch(/importing \[|\r/);
    expect(count(db).n).toBe(2);
    // A re-run imports nothing new, reports the same bad lines, and still exits 2.
    const again = sokhan(['import', f, '--db', db, '--workers', '0', '--json']);
    expect(again.status).toBe(2);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, skippedExisting: 2, errors: 2 });
  }, 120_000);

  it('reads JSONL from standard input (-)', () => {
    const db = join(dir, 'stdin.sqlite');
    const input = [JSON.stringify(article(7)), 'not json', JSON.stringify(article(8))].join('\n');
    const r = sokhan(['import', '-', '--db', db, '--workers', '0', '--json'], { input });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('<stdin>:2: malformed JSON');
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 2, errors: 1 });
  }, 120_000);

  it('gives a clear one-line error when the database is locked', () => {
    const f = join(dir, 'small.jsonl');
    corpus(f, 3);
    const db = join(dir, 'locked.sqlite');
    expect(sokhan(['import', f, '--db', db, '--workers', '0']).status).toBe(0);
    const holder = new Database(db);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const r = sokhan(['import', f, '--db', db, '--workers', '0', '--wait', '200']);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sokhan: .*locked\.sqlite: database is locked by another process/);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  }, 120_000);

  it('gives a clear one-line error when the database is read-only', () => {
    const f = join(dir, 'small2.jsonl');
    corpus(f, 2);
    const ro = join(dir, 'ro');
    const db = join(ro, 'archive.sqlite');
    mkdirSync(ro, { recursive: true });
    const first = sokhan(['import', f, '--db', db, '--workers', '0']);
    expect(first.stderr).toMatch(/imported 2 articles/);
    expect(first.status).toBe(0);
    chmodSync(db, 0o444);
    chmodSync(ro, 0o555);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'small3.jsonl'), JSON.stringify(article(99)) + '\n');
    chmodSync(join(dir, 'small3.jsonl'), 0o644);
    // root ignores file modes, so as root the import runs as the unprivileged user "nobody".
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (process.getuid?.() === 0) {
      // "nobody" must be able to run the CLI from this checkout (every parent folder searchable).
      const probe = spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(DIST)})`], { ...asNobody, encoding: 'utf8' });
      if (probe.status !== 0) {
        // Cannot drop privileges here: check the same one-line message on SQLite's own read-only error.
        const d = new Database(db, { readonly: true });
        let msg = '';
        try {
          d.exec('CREATE TABLE x(y)');
        } catch (e) {
          msg = explainDbError(e, db).message;
        } finally {
          d.close();
        }
        expect(msg).toMatch(/archive\.sqlite: database is read-only/);
        return;
      }
    }
    const r = sokhan(['import', join(dir, 'small3.jsonl'), '--db', db, '--workers', '0'], asNobody);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sokhan: .*archive\.sqlite: database is read-only/);
    expect(r.status).toBe(1);
  }, 120_000);

  it('resumes after SIGKILL: no committed article lost, none duplicated', async () => {
    const N = 3000;
    const f = join(dir, 'big.jsonl');
    corpus(f, N);
    const db = join(dir, 'kill.sqlite');
    const child = spawn(process.execPath, [BIN, 'import', f, '--db', db, '--workers', '1', '--batch-size', '10', '--analysis', 'fast'], { stdio: 'ignore' });
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    // Wait until some batches are committed, then kill -9.
    let committed = 0;
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        committed = count(db).n;
      } catch {
        committed = 0;
      }
      if (committed >= 50) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(child.exitCode).toBeNull(); // still running: the kill lands mid-import
    child.kill('SIGKILL');
    await exited;
    const after = count(db);
    expect(after.n).toBeGreaterThanOrEqual(committed);
    expect(after.n).toBeLessThan(N);
    expect(after.keys).toBe(after.n);
    expect(after.fts).toBe(after.n);
    // The rerun skips what was committed and imports the rest.
    const r = sokhan(['import', f, '--db', db, '--workers', '1', '--json', '--analysis', 'fast']);
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.skippedExisting).toBe(after.n);
    expect(summary.imported).toBe(N - after.n);
    const final = count(db);
    expect(final).toEqual({ n: N, keys: N, fts: N });
    const d = new Database(db);
    d.exec("INSERT INTO article_fts(article_fts) VALUES ('integrity-check')");
    const links = d.prepare('SELECT link FROM articles').all() as { link: string }[];
    d.close();
    expect(new Set(links.map((l) => l.link)).size).toBe(N);
    // Search sees every article: each title has «خبر شماره».
    const s = sokhan(['search', '"خبر شماره"', '--db', db, '--json', '--limit', '1']);
    expect(JSON.parse(s.stdout).total).toBe(N);
  }, 600_000);
});

describe('sokhan search (CLI)', () => {
  it('prints hits with highlighted snippets, and JSON with offsets into the original', () => {
    const f = join(dir, 'search.jsonl');
    writeFileSync(
      f,
      [
        { title: 'تحريمهاي تازه', abstract: 'وزیر گفت تحريمهاي تازه اثری ندارد.', link: 'https://www.farsnews.ir/news/13990512000123/a' },
        { title: 'بازی فوتبال', abstract: 'تیم ملی برنده شد.', link: 'https://www.varzesh3.com/news/5' },
      ]
        .map((x) => JSON.stringify(x))
        .join('\n'),
    );
    const db = join(dir, 'search.sqlite');
    expect(sokhan(['import', f, '--db', db, '--workers', '0']).status).toBe(0);
    const t = sokhan(['search', 'تحریم', '--db', db]);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/^1 article\n/);
    expect(t.stdout).toContain('⟦تحريمهاي⟧');
    const j = sokhan(['search', `تحریم\u200cها`, '--db', db, '--json', '--from', '1399-01-01']);
    const res = JSON.parse(j.stdout);
    expect(res.offsets).toBe('utf16');
    expect(res.total).toBe(1);
    const hl = res.hits[0].snippets[0].highlights[0];
    const s = res.hits[0].snippets[0];
    expect(s.text.slice(hl.start - s.start, hl.end - s.start)).toBe('تحريمهاي');
    const none = sokhan(['search', 'تحریم', '--db', db, '--json', '--source', 'varzesh3.com']);
    expect(JSON.parse(none.stdout).total).toBe(0);
    const bad = sokhan(['search', 'تحریم', '--db', join(dir, 'nope.sqlite')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no such archive/);
    const badDate = sokhan(['search', 'تحریم', '--db', db, '--from', 'tomorrow']);
    expect(badDate.status).toBe(1);
    expect(badDate.stderr).toMatch(/not a date/);
  }, 120_000);
});
