import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerRecord } from '../../data/schema/index.ts';
import { type SearchDocument, searchDocuments } from '../../data/schema/search-document.ts';
import { TAGS } from '../src/lib/catalogue.ts';
import { CLASS_CODES, searchTokens, shardKey } from '../src/lib/search-tokens.ts';

/** Documents per block file of the static index. */
export const BLOCK_SIZE = 512;
/** Words of a description that are indexed (names are always indexed in full). */
const DESCRIPTION_WORDS = 80;
/** A two-letter shard holding more postings than this is split into three-letter shards (keeps every file small). */
const SPLIT_POSTINGS = 20_000;
/** Characters of description kept for result excerpts. */
const EXCERPT_CHARS = 220;

/** Shape of `/atlas-index/meta.json`. */
export interface AtlasIndexMeta {
  version: 1;
  docs: number;
  blockSize: number;
  /** Server display names; attrs.server holds indexes into this list. */
  servers: string[];
  /** Capability tags in bit order of attrs.tags. */
  tags: string[];
  /** Shard keys that exist (a query for a missing shard has no hits, without a request). */
  shards: string[];
  /** Two-letter keys split into three-letter shards; their two-letter file keeps only two-letter terms. */
  split: string[];
}

function deltas(ids: number[]): number[] {
  return ids.map((id, i) => (i === 0 ? id : id - ids[i - 1]!));
}

/**
 * Writes the static, sharded search index used instead of Pagefind for very large catalogues (see docs/site.md):
 * term shards by two-letter prefix (`terms/<key>.json`: term → delta-encoded doc ids for name and description hits),
 * an attribute table for filters (`attrs.json`), and result blocks (`docs/<n>.json`). Built from the catalogue data,
 * not from HTML, in a few seconds for 50,000 tools.
 */
export async function writeAtlasIndex(records: readonly ServerRecord[], outDir: string): Promise<{ docs: number; shards: number }> {
  const dir = join(outDir, 'atlas-index');
  await mkdir(join(dir, 'terms'), { recursive: true });
  await mkdir(join(dir, 'docs'), { recursive: true });
  const docs: SearchDocument[] = searchDocuments(records);
  const servers: string[] = [];
  const serverIndex = new Map<string, number>();
  const shards = new Map<string, Map<string, [number[], number[]]>>();
  const attrs = { kind: '', cls: '', risk: '', tags: [] as number[], server: [] as number[] };

  const post = (term: string, id: number, field: 0 | 1) => {
    const key = shardKey(term);
    let shard = shards.get(key);
    if (shard === undefined) {
      shard = new Map();
      shards.set(key, shard);
    }
    let lists = shard.get(term);
    if (lists === undefined) {
      lists = [[], []];
      shard.set(term, lists);
    }
    const list = lists[field];
    if (list.at(-1) !== id) list.push(id);
  };

  docs.forEach((doc, id) => {
    let s = serverIndex.get(doc.server);
    if (s === undefined) {
      s = servers.push(doc.server) - 1;
      serverIndex.set(doc.server, s);
    }
    attrs.kind += doc.kind === 'tool' ? 't' : 's';
    attrs.cls += doc.class === undefined ? '-' : CLASS_CODES[doc.class];
    attrs.risk += String(doc.riskRank);
    attrs.tags.push(doc.tags.reduce((mask, tag) => mask | (1 << TAGS.indexOf(tag)), 0));
    attrs.server.push(s);
    for (const term of new Set(searchTokens(`${doc.name} ${doc.title ?? ''}`))) post(term, id, 0);
    for (const term of new Set(searchTokens(doc.description).slice(0, DESCRIPTION_WORDS))) post(term, id, 1);
  });

  // Split the crowded two-letter shards by a third letter (tests lower the bar to exercise the split path).
  const splitPostings = Number(process.env.ATLAS_INDEX_SPLIT_POSTINGS) || SPLIT_POSTINGS;
  const files = new Map<string, Map<string, [number[], number[]]>>();
  const split: string[] = [];
  for (const [key, shard] of shards) {
    let postings = 0;
    for (const [names, descriptions] of shard.values()) postings += names.length + descriptions.length;
    if (postings <= splitPostings) {
      files.set(key, shard);
      continue;
    }
    split.push(key);
    for (const [term, lists] of shard) {
      const fileKey = [...term].length <= 2 ? key : shardKey(term, 3);
      let file = files.get(fileKey);
      if (file === undefined) {
        file = new Map();
        files.set(fileKey, file);
      }
      file.set(term, lists);
    }
  }
  const writes: [string, string][] = [];
  for (const [key, shard] of files) {
    const body: Record<string, [number[], number[]]> = Object.create(null);
    for (const [term, [names, descriptions]] of shard) body[term] = [deltas(names), deltas(descriptions)];
    writes.push([join(dir, 'terms', `${key}.json`), JSON.stringify(body)]);
  }
  for (let block = 0; block * BLOCK_SIZE < docs.length; block++) {
    const rows = docs
      .slice(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE)
      .map((doc) => [
        doc.url,
        doc.title ?? doc.name,
        doc.name,
        doc.description.slice(0, EXCERPT_CHARS),
        doc.class ?? '',
        doc.risk ?? '',
        doc.kind,
      ]);
    writes.push([join(dir, 'docs', `${block}.json`), JSON.stringify(rows)]);
  }
  const meta: AtlasIndexMeta = {
    version: 1,
    docs: docs.length,
    blockSize: BLOCK_SIZE,
    servers,
    tags: [...TAGS],
    shards: [...files.keys()].sort(),
    split: split.sort(),
  };
  writes.push([join(dir, 'meta.json'), JSON.stringify(meta)], [join(dir, 'attrs.json'), JSON.stringify(attrs)]);
  // A bounded number of files open at once.
  const queue = writes.values();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (const [file, text] of queue) await writeFile(file, text);
    }),
  );
  return { docs: docs.length, shards: files.size };
}
