import type Database from 'better-sqlite3';
import type { AnalysedArticle } from './analyse.js';

/**
 * Writes analysed articles, one transaction per batch. Articles are keyed by `key` (UNIQUE):
 * a key already in the file is skipped, so re-running an import (after a crash, or on the same
 * files) never duplicates an article. A batch either commits whole or not at all.
 */
export class ArchiveWriter {
  private readonly insArticle: Database.Statement;
  private readonly insFts: Database.Statement;
  private readonly selEntity: Database.Statement;
  private readonly insEntity: Database.Statement;
  private readonly updEntityTitles: Database.Statement;
  private readonly insArticleEntity: Database.Statement;
  private readonly insQuote: Database.Statement;
  private readonly entityCache = new Map<string, { id: number; titles: Set<string> }>();
  private readonly tx: (batch: readonly AnalysedArticle[]) => number;

  constructor(private readonly db: Database.Database) {
    this.insArticle = db.prepare(`INSERT OR IGNORE INTO articles
      (key, title, link, external_id, source, agency, category, subcategory, tags, date, jalali_date, file, line,
       original, normalized, words_pos, words, keyphrases, dates, news_source, analysis, imported_at)
      VALUES (@key, @title, @link, @externalId, @source, @agency, @category, @subcategory, @tags, @date, @jalaliDate, @file, @line,
       @original, @normalized, @wordsPos, @words, @keyphrases, @dates, @newsSource, @analysis, @importedAt)`);
    this.insFts = db.prepare('INSERT INTO article_fts(rowid, surf, lemma, extra) VALUES (?, ?, ?, ?)');
    this.selEntity = db.prepare('SELECT id, titles FROM entities WHERE name_key = ? AND type = ?');
    this.insEntity = db.prepare('INSERT INTO entities(name, type, name_key, titles) VALUES (?, ?, ?, ?)');
    this.updEntityTitles = db.prepare('UPDATE entities SET titles = ? WHERE id = ?');
    this.insArticleEntity = db.prepare('INSERT OR IGNORE INTO article_entities(article_id, entity_id, mentions, count) VALUES (?, ?, ?, ?)');
    this.insQuote = db.prepare(`INSERT INTO quotes(article_id, kind, speaker_name, speaker_key, speaker_entity, speaker_mention, verb, text, start, "end")
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.tx = db.transaction((batch: readonly AnalysedArticle[]) => {
      let n = 0;
      for (const a of batch) if (this.insertOne(a)) n++;
      return n;
    });
  }

  /** Every article key in the file (to skip work on a re-run). */
  existingKeys(): Set<string> {
    const keys = new Set<string>();
    for (const r of this.db.prepare('SELECT key FROM articles').raw().iterate() as Iterable<[string]>) keys.add(r[0]);
    return keys;
  }

  /** Write a batch in one transaction; returns how many were new. */
  writeBatch(batch: readonly AnalysedArticle[]): number {
    if (batch.length === 0) return 0;
    // The transaction is IMMEDIATE so that a busy database waits (busy timeout) at BEGIN.
    return (this.tx as unknown as { immediate(b: readonly AnalysedArticle[]): number }).immediate(batch);
  }

  private entityId(name: string, type: string, nameKey: string, titles: readonly string[]): number {
    const ck = type + '\t' + nameKey;
    let e = this.entityCache.get(ck);
    if (!e) {
      const row = this.selEntity.get(nameKey, type) as { id: number; titles: string } | undefined;
      if (row) e = { id: row.id, titles: new Set(JSON.parse(row.titles) as string[]) };
      else {
        const r = this.insEntity.run(name, type, nameKey, JSON.stringify(titles.slice(0, 20)));
        e = { id: Number(r.lastInsertRowid), titles: new Set(titles.slice(0, 20)) };
        this.entityCache.set(ck, e);
        return e.id;
      }
      this.entityCache.set(ck, e);
    }
    let changed = false;
    for (const t of titles) {
      if (e.titles.size >= 20) break;
      if (!e.titles.has(t)) {
        e.titles.add(t);
        changed = true;
      }
    }
    if (changed) this.updEntityTitles.run(JSON.stringify([...e.titles]), e.id);
    return e.id;
  }

  /** Forget cached entity rows (after a failed transaction rolled them back). */
  resetCache(): void {
    this.entityCache.clear();
  }

  private insertOne(a: AnalysedArticle): boolean {
    const r = this.insArticle.run({
      key: a.key,
      title: a.title,
      link: a.link,
      externalId: a.externalId,
      source: a.source,
      agency: a.agency,
      category: a.category,
      subcategory: a.subcategory,
      tags: JSON.stringify(a.tags),
      date: a.date,
      jalaliDate: a.jalaliDate,
      file: a.file,
      line: a.line,
      original: a.original,
      normalized: a.normalized,
      wordsPos: Buffer.from(a.wordsPos.buffer, a.wordsPos.byteOffset, a.wordsPos.byteLength),
      words: a.words,
      keyphrases: JSON.stringify(a.keyphrases),
      dates: JSON.stringify(a.dates),
      newsSource: a.newsSource ? JSON.stringify(a.newsSource) : null,
      analysis: a.analysis,
      importedAt: new Date().toISOString(),
    });
    if (r.changes === 0) return false;
    const id = Number(r.lastInsertRowid);
    this.insFts.run(id, a.fts.surf, a.fts.lemma, a.fts.extra);
    const entityIds: number[] = [];
    const perEntity = new Map<number, { start: number; end: number; text: string }[]>();
    for (const e of a.entities) {
      const eid = this.entityId(e.name, e.type, e.nameKey, e.titles);
      entityIds.push(eid);
      const list = perEntity.get(eid);
      if (list) list.push(...e.mentions);
      else perEntity.set(eid, [...e.mentions]);
    }
    for (const [eid, mentions] of perEntity) {
      mentions.sort((x, y) => x.start - y.start);
      this.insArticleEntity.run(id, eid, JSON.stringify(mentions), Math.max(1, mentions.length));
    }
    for (const q of a.quotes) {
      const se = q.speakerEntity >= 0 ? entityIds[q.speakerEntity] : null;
      this.insQuote.run(id, q.kind, q.speakerName, q.speakerKey, se ?? null, q.mention ? JSON.stringify(q.mention) : null, q.verb, q.text, q.start, q.end);
    }
    return true;
  }
}
