import Database from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './schema.js';
import type { OpenArchiveOptions } from './types.js';

export type ArchiveErrorCode = 'LOCKED' | 'READONLY' | 'CANTOPEN' | 'NOTADB' | 'SCHEMA' | 'OTHER';

/** A database problem explained in one line (the CLI prints `message` as is). */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly code: ArchiveErrorCode,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** Turn a SQLite / file-system error into an ArchiveError naming the file. */
export function explainDbError(e: unknown, path: string): ArchiveError {
  if (e instanceof ArchiveError) return e;
  const err = e as { code?: string; message?: string };
  const code = String(err?.code ?? '');
  const msg = String(err?.message ?? e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || /database is locked/i.test(msg)) {
    return new ArchiveError(`${path}: database is locked by another process (is another import running?); try again when it has finished`, 'LOCKED');
  }
  if (code === 'SQLITE_READONLY_DIRECTORY' && /readonly/i.test(msg) && (e as { readonlyOpen?: boolean }).readonlyOpen) {
    return new ArchiveError(`${path}: cannot read this archive where it is: SQLite needs to create its WAL index (${path}-shm) but the folder is read-only; copy the file to a writable folder`, 'READONLY');
  }
  if (code.startsWith('SQLITE_READONLY') || /readonly database|read-only/i.test(msg) || code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new ArchiveError(`${path}: database is read-only (no write permission on the file or its folder); import into a writable file`, 'READONLY');
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || /unable to open|directory does not exist/i.test(msg)) {
    return new ArchiveError(`${path}: cannot open the database (missing file or folder, or no permission)`, 'CANTOPEN');
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT') || /not a database|malformed/i.test(msg)) {
    return new ArchiveError(`${path}: not a sokhan archive (not an SQLite database, or corrupt)`, 'NOTADB');
  }
  if (/schema version/.test(msg)) return new ArchiveError(`${path}: ${msg}`, 'SCHEMA');
  return new ArchiveError(`${path}: ${msg.split('\n')[0]}`, 'OTHER');
}

/**
 * Open (and migrate) the SQLite file: WAL journal, foreign keys, a busy timeout. A writable
 * open takes the write lock once at once so that a locked or read-only file fails here, with a
 * clear message, rather than half-way through an import.
 */
export function openDatabase(path: string, opts: OpenArchiveOptions = {}): Database.Database {
  const readonly = opts.readonly === true;
  const create = opts.create ?? !readonly;
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly, fileMustExist: readonly || !create, timeout: opts.busyTimeoutMs ?? 5000 });
    if (!readonly) {
      // Fail early (and clearly) if another writer holds the lock or the file is read-only.
      db.exec('BEGIN IMMEDIATE; COMMIT;');
      if ((db.pragma('journal_mode', { simple: true }) as string) !== 'wal') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
    } else {
      const v = db.pragma('user_version', { simple: true }) as number;
      if (v === 0) throw new ArchiveError(`${path}: not a sokhan archive (no schema); create it with \`sokhan import FILE --db ${path}\``, 'SCHEMA');
    }
    db.pragma('foreign_keys = ON');
    // Never let a read wait forever on a writer's checkpoint.
    return db;
  } catch (e) {
    try {
      db?.close();
    } catch {
      /* ignore */
    }
    if (readonly && e && typeof e === 'object') (e as { readonlyOpen?: boolean }).readonlyOpen = true;
    const err = explainDbError(e, path);
    // SQLite may report a file it could open only for reading as "unable to open" (WAL files
    // cannot be created); say what the user can fix.
    if (!readonly && err.code !== 'LOCKED' && existsSync(path) && !writable(path)) {
      throw new ArchiveError(`${path}: database is read-only (no write permission on the file or its folder); import into a writable file`, 'READONLY');
    }
    throw err;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
