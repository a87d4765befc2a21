import type { Archive, ArticleRecord, EntityCount, EntityRecord, MonthCount, QuoteRecord, SearchResults } from '../archive/types.js';
import type { SearchQuery } from './schemas.js';
import { openArchive } from '../archive/index.js';

/** What an entity page shows: the record, its quotes, who it appears with, and when. */
export interface EntityPage {
  entity: EntityRecord;
  quotes: (QuoteRecord & { article: { id: number; title: string | null; date: string | null } })[];
  coMentions: EntityCount[];
  timeline: MonthCount[];
}

/** The archive as the server uses it (a thin layer over sokhan/archive). */
export interface ArchiveBackend {
  search(q: SearchQuery): SearchResults;
  article(id: number): ArticleRecord | null;
  entity(id: number): EntityPage | null;
  findEntities(name: string, opts?: { type?: string; limit?: number }): EntityCount[];
  stats(): unknown;
  close(): void;
}

export function archiveBackend(a: Archive): ArchiveBackend {
  return {
    search(q) {
      return a.search({
        text: q.q,
        entity: q.entity,
        speaker: q.speaker,
        type: q.type,
        from: q.from,
        to: q.to,
        source: q.source,
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      });
    },
    article: (id) => a.getArticle(id),
    entity(id) {
      const e = a.getEntity(id);
      if (!e) return null;
      const quotes: EntityPage['quotes'] = [];
      if (e.quotes > 0) {
        const r = a.search({ speaker: e.name, limit: 50, snippets: 0 });
        for (const h of r.hits) for (const q of h.quotes ?? []) quotes.push({ ...q, article: { id: h.id, title: h.title, date: h.date } });
      }
      return { entity: e, quotes, coMentions: a.coMentions(id, { limit: 15 }), timeline: a.countsByMonth({ entity: e.name }) };
    },
    findEntities: (name, opts) => a.findEntities(name, opts),
    stats: () => ({ ...a.stats(), topSpeakers: a.topSpeakers({ limit: 10 }) }),
    close: () => a.close(),
  };
}

/** Open an archive file read-only through sokhan/archive (errors are one-line ArchiveErrors). */
export async function openArchiveBackend(path: string): Promise<ArchiveBackend> {
  const a = await openArchive(path, { readonly: true, create: false });
  return archiveBackend(a);
}
