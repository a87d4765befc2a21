import type Database from 'better-sqlite3';

/**
 * Versioned schema. `PRAGMA user_version` holds the number of migrations applied; each
 * migration runs in its own transaction, so a crash leaves the file at a whole version.
 * Add a migration by appending to MIGRATIONS (never edit one that has shipped).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: articles, entities, quotes, and the FTS5 index of search keys (./keys.ts).
  `
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    title TEXT,
    link TEXT,
    external_id TEXT,
    source TEXT,
    agency TEXT,
    category TEXT,
    subcategory TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    date TEXT,
    jalali_date TEXT,
    file TEXT,
    line INTEGER,
    original TEXT NOT NULL,
    normalized TEXT NOT NULL,
    words_pos BLOB NOT NULL,
    words TEXT NOT NULL,
    keyphrases TEXT NOT NULL DEFAULT '[]',
    dates TEXT NOT NULL DEFAULT '[]',
    news_source TEXT,
    analysis TEXT NOT NULL,
    imported_at TEXT NOT NULL
  );
  CREATE INDEX articles_date ON articles(date);
  CREATE INDEX articles_source ON articles(source);
  CREATE INDEX articles_agency ON articles(agency);

  CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    name_key TEXT NOT NULL,
    titles TEXT NOT NULL DEFAULT '[]',
    UNIQUE (name_key, type)
  );

  CREATE TABLE article_entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    mentions TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (article_id, entity_id)
  ) WITHOUT ROWID;
  CREATE INDEX article_entities_entity ON article_entities(entity_id, article_id);

  CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    speaker_name TEXT NOT NULL,
    speaker_key TEXT NOT NULL,
    speaker_entity INTEGER REFERENCES entities(id),
    speaker_mention TEXT,
    verb TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
  );
  CREATE INDEX quotes_article ON quotes(article_id);
  CREATE INDEX quotes_speaker_key ON quotes(speaker_key);
  CREATE INDEX quotes_speaker_entity ON quotes(speaker_entity);

  -- One row per article (rowid = articles.id). Contentless: the keys are also kept in
  -- articles.words for highlighting. surf and lemma hold one key per word (aligned positions).
  CREATE VIRTUAL TABLE article_fts USING fts5(
    surf, lemma, extra,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Bring the file up to SCHEMA_VERSION. Refuses a file written by a newer sokhan. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`archive schema version ${current} is newer than this sokhan supports (${SCHEMA_VERSION}); upgrade sokhan`);
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
