// Persistence for the reference server: named collections of JSON values kept in memory and journaled to one
// append-only JSON-lines file in the data directory. Every mutation is appended and fsynced before the HTTP
// answer (or stream frame) that reveals it goes out (the router calls flushSync()); a line torn by a kill is
// ignored on load; the journal is compacted to one line per live value at start-up.

import fs from 'node:fs';
import path from 'node:path';

const JOURNAL_FILE = 'journal.jsonl';
const META_COLLECTION = 'store-meta';

/**
 * One journal line: a value written (`v`) or deleted (`d`).
 * @typedef {{c: string, k: string, v?: unknown, d?: true}} JournalEntry
 */

/**
 * A persisted map. Values are plain JSON; after changing a value you got from get(), set() it again so the
 * change is journaled.
 * @template [T=any]
 */
export class Collection {
  /** @param {string} name @param {Store} store */
  constructor(name, store) {
    this.name = name;
    this.store = store;
    /** @type {Map<string, T>} */
    this.map = new Map();
  }

  /** @param {string} id */
  get(id) {
    return this.map.get(String(id));
  }

  /** @param {string} id */
  has(id) {
    return this.map.has(String(id));
  }

  /** @param {string} id @param {T} value */
  set(id, value) {
    const key = String(id);
    this.map.set(key, value);
    this.store.append({ c: this.name, k: key, v: value });
    return value;
  }

  /** @param {string} id */
  delete(id) {
    const key = String(id);
    if (!this.map.delete(key)) return false;
    this.store.append({ c: this.name, k: key, d: true });
    return true;
  }

  /** Every value, in insertion order. */
  values() {
    return [...this.map.values()];
  }

  /** @returns {[string, T][]} */
  entries() {
    return [...this.map.entries()];
  }

  get size() {
    return this.map.size;
  }
}

export class Store {
  /** @param {string} dataDir */
  constructor(dataDir) {
    this.dataDir = path.resolve(dataDir);
    this.journalPath = path.join(this.dataDir, JOURNAL_FILE);
    /** @type {Map<string, Collection>} */
    this.collections = new Map();
    /** @type {string[]} lines appended in memory, not yet durable */
    this.pending = [];
    /** True on the first start of a data directory: seeders seed. */
    this.isFresh = false;
    /** @type {number | null} */
    this.fd = null;
  }

  /**
   * Opens (or creates) the data directory, replays the journal, and compacts it.
   * @param {string} dataDir
   */
  static open(dataDir) {
    const store = new Store(dataDir);
    fs.mkdirSync(store.dataDir, { recursive: true });
    if (fs.existsSync(store.journalPath)) store.replay(fs.readFileSync(store.journalPath, 'utf8'));
    // Fresh until seeding finished once, so a start killed mid-seed seeds again rather than half-empty.
    store.isFresh = !store.collection(META_COLLECTION).has('seeded');
    store.compact();
    store.fd = fs.openSync(store.journalPath, 'a');
    return store;
  }

  /**
   * @param {string} name
   * @returns {Collection}
   */
  collection(name) {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new Collection(name, this);
      this.collections.set(name, collection);
    }
    return collection;
  }

  /** Called once every seeder ran on a fresh data directory. */
  markSeeded() {
    this.collection(META_COLLECTION).set('seeded', { at: new Date().toISOString() });
    this.isFresh = false;
    this.flushSync();
  }

  /** @param {JournalEntry} entry */
  append(entry) {
    this.pending.push(JSON.stringify(entry) + '\n');
  }

  /** Makes every mutation so far durable (write + fdatasync). Cheap when nothing is pending. */
  flushSync() {
    if (this.pending.length === 0 || this.fd === null) return;
    const text = this.pending.join('');
    this.pending = [];
    fs.writeSync(this.fd, text);
    fs.fdatasyncSync(this.fd);
  }

  async flush() {
    this.flushSync();
  }

  close() {
    this.flushSync();
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  /**
   * Applies journal lines in order. A line that does not parse can only be the last one, torn by a kill in the
   * middle of a write: it never reached an answer, so dropping it loses nothing anyone saw.
   * @param {string} text
   */
  replay(text) {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      /** @type {JournalEntry} */
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof entry?.c !== 'string' || typeof entry.k !== 'string') continue;
      const map = this.collection(entry.c).map;
      if (entry.d) map.delete(entry.k);
      else map.set(entry.k, entry.v);
    }
  }

  /** Rewrites the journal as one line per live value, atomically (write aside, fsync, rename, fsync dir). */
  compact() {
    const aside = `${this.journalPath}.compacting`;
    const fd = fs.openSync(aside, 'w');
    try {
      for (const collection of this.collections.values()) {
        const lines = [];
        for (const [k, v] of collection.map) lines.push(JSON.stringify({ c: collection.name, k, v }) + '\n');
        if (lines.length) fs.writeSync(fd, lines.join(''));
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(aside, this.journalPath);
    const dir = fs.openSync(this.dataDir, 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  }
}
