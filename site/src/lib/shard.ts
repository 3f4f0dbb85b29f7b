/**
 * Splitting one build across processes (one per core): `ATLAS_SHARD=i/n` makes this Astro build render only the tool
 * pages whose index is i modulo n; every other dynamic route is rendered by shard 0 alone. Static routes render in
 * every shard (identical files; the merge keeps one). Unset: everything.
 */
function current(): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(process.env.ATLAS_SHARD ?? '');
  if (match === null) return { index: 0, count: 1 };
  const count = Math.max(1, Number(match[2]));
  return { index: Math.min(Number(match[1]), count - 1), count };
}

/** True when the item at `index` of a sharded route belongs to this build. */
export function inShard(index: number): boolean {
  const { index: mine, count } = current();
  return index % count === mine;
}

/** True for the build that renders the unsharded dynamic routes. */
export function isPrimaryShard(): boolean {
  return current().index === 0;
}
