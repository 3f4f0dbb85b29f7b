import { CrawlError } from './errors.ts';
import { nameHash } from './slug.ts';

/** One shard of a crawl: `index` in 1..`count`. */
export interface Shard {
  /** 1-based shard number. */
  index: number;
  /** Total number of shards. */
  count: number;
}

/** Parses `I/N` (1 <= I <= N). Throws CrawlError INVALID_SHARD. */
export function parseShard(spec: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new CrawlError('INVALID_SHARD', `--shard expects I/N with 1 <= I <= N, got \`${spec}\``);
  }
  return { index, count };
}

/** Whether a source name belongs to `shard`: a stable hash of the name, so every machine agrees without talking. */
export function inShard(name: string, shard: Shard): boolean {
  const bucket = Number.parseInt(nameHash(name).slice(0, 8), 16) % shard.count;
  return bucket === shard.index - 1;
}
