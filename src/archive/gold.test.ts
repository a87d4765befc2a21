// Search behaviour on real news: a sample of Fars articles is imported into a temp archive.
// The corpus text is read from ../shared/data at test time and never copied into the repo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeGold } from '../util/gold-test.js';
import { dataPath } from '../util/data-path.js';
import { importFiles } from './import.js';
import { openArchive } from './archive.js';
import { foldKey, nameKey } from './keys.js';
import { articleText } from '../news/index.js';
import type { Archive } from './types.js';

const FILE = 'persian-news-langml/fars-news-1.json.gz';

describeGold('archive search on Fars news', [FILE], () => {
  const dir = mkdtempSync(join(tmpdir(), 'sokhan-gold-archive-'));
  let archive: Archive;
  let arabicYeh: Set<string>;
  beforeAll(async () => {
    const all = JSON.parse(gunzipSync(readFileSync(dataPath(FILE))).toString('utf8')) as Record<string, unknown>[];
    // Every article spelling تحريمهاي (Arabic yeh, no half-space), plus the first 40.
    const withYeh = all.filter((a) => articleText(a).includes('تحريمهاي'));
    const sample = [...new Set([...withYeh, ...all.slice(0, 40)])];
    arabicYeh = new Set(withYeh.map((a) => String(a.link)));
    writeFileSync(join(dir, 'sample.jsonl'), sample.map((a) => JSON.stringify(a)).join('\n') + '\n');
    const s = await importFiles(join(dir, 'a.sqlite'), [join(dir, 'sample.jsonl')], { workers: 0, analysis: 'fast' });
    expect(s.errors).toBe(0);
    archive = await openArchive(join(dir, 'a.sqlite'), { readonly: true });
  }, 600_000);
  afterAll(() => {
    archive?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('تحریم finds every article that writes تحريمهاي, highlighting that spelling', () => {
    expect(arabicYeh.size).toBeGreaterThan(0);
    const res = archive.search({ text: 'تحریم', limit: 1000, snippets: 10 });
    const links = new Set(res.hits.map((h) => h.link));
    for (const l of arabicYeh) expect(links.has(l)).toBe(true);
    let seen = false;
    for (const h of res.hits) {
      const orig = archive.getArticle(h.id)!.original;
      for (const s of h.snippets) {
        for (const hl of s.highlights) {
          const t = orig.slice(hl.start, hl.end);
          expect(foldKey(t).startsWith('تحریم')).toBe(true);
          if (t === 'تحريمهاي') seen = true;
        }
      }
    }
    expect(seen).toBe(true);
  });

  it('a quoted person: speaker filter and name search both find the quoting articles', () => {
    const top = archive.topSpeakers({ limit: 5 }).filter((s) => nameKey(s.name).includes(' '));
    expect(top.length).toBeGreaterThan(0);
    const speaker = top[0];
    const bySpeaker = archive.search({ speaker: speaker.name, limit: 1000 });
    expect(bySpeaker.total).toBeGreaterThan(0);
    for (const h of bySpeaker.hits) expect(h.quotes!.length).toBeGreaterThan(0);
    const surname = speaker.name.trim().split(/\s+/).pop()!;
    const byName = archive.search({ text: surname, limit: 1000 });
    const ids = new Set(byName.hits.map((h) => h.id));
    let named = 0;
    for (const h of bySpeaker.hits) {
      const orig = archive.getArticle(h.id)!.original;
      if (foldKey(orig).includes(foldKey(surname))) {
        named++;
        expect(ids.has(h.id)).toBe(true);
      }
    }
    expect(named).toBeGreaterThan(0);
    for (const h of byName.hits) {
      const orig = archive.getArticle(h.id)!.original;
      for (const s of h.snippets) for (const hl of s.highlights) expect(foldKey(orig.slice(hl.start, hl.end))).toContain(foldKey(surname).slice(0, 3));
    }
  });

  it('dates come from the Fars links and counts by month add up', () => {
    const months = archive.countsByMonth();
    const total = months.reduce((a, m) => a + m.count, 0);
    expect(total).toBe(archive.stats().articles);
  });
});
