/**
 * Grouped cross-validation folds: no server's tools in both training and test, and forks or copies of a server (a
 * third or more of their tools share name and description) kept in one group, so a copy never tests what its original
 * trained. Deterministic: groups are ordered by a hash of their first server's name and dealt to the lightest fold.
 */
import { createHash } from 'node:crypto';

/** The part of a labelled tool that grouping reads. */
export interface GroupedTool {
  server: string;
  tool: { name: string; description?: string };
}

const print = (t: GroupedTool['tool']): string => `${t.name}\u0000${t.description ?? ''}`;
const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Group id per server: servers that share a third or more of the smaller one's tool fingerprints are one group. */
export function serverGroups(tools: readonly GroupedTool[]): Map<string, string> {
  const prints = new Map<string, Set<string>>();
  for (const t of tools) {
    const set = prints.get(t.server) ?? new Set<string>();
    set.add(print(t.tool));
    prints.set(t.server, set);
  }
  const servers = [...prints.keys()].sort();
  const parent = new Map(servers.map((s) => [s, s]));
  const root = (s: string): string => {
    let r = s;
    while (parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  for (let i = 0; i < servers.length; i++) {
    for (let j = i + 1; j < servers.length; j++) {
      const a = prints.get(servers[i]!)!;
      const b = prints.get(servers[j]!)!;
      const [small, large] = a.size <= b.size ? [a, b] : [b, a];
      let shared = 0;
      for (const p of small) if (large.has(p)) shared++;
      if (shared >= Math.max(1, small.size / 3)) {
        const ra = root(servers[i]!);
        const rb = root(servers[j]!);
        if (ra !== rb) {
          const [low, high] = ra < rb ? [ra, rb] : [rb, ra];
          parent.set(high, low);
        }
      }
    }
  }
  return new Map(servers.map((s) => [s, root(s)]));
}

/** Fold index (0..k-1) per server; groups dealt in hash order to the fold with the fewest tools so far. */
export function assignFolds(tools: readonly GroupedTool[], k: number, seed = 'mcp-atlas-cv-v1'): Map<string, number> {
  const groups = serverGroups(tools);
  const size = new Map<string, number>();
  for (const t of tools) {
    const g = groups.get(t.server)!;
    size.set(g, (size.get(g) ?? 0) + 1);
  }
  const order = [...size.keys()].sort((a, b) => {
    const ha = hash(`${seed}:${a}`);
    const hb = hash(`${seed}:${b}`);
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
  const load = new Array<number>(k).fill(0);
  const foldOfGroup = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f;
    foldOfGroup.set(g, best);
    load[best]! += size.get(g)!;
  }
  return new Map([...groups].map(([server, g]) => [server, foldOfGroup.get(g)!]));
}
