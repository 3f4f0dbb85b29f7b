import type { Catalogue, ToolEntry } from './catalogue.ts';

const positions = new WeakMap<readonly ToolEntry[], Map<ToolEntry, number>>();

function positionIn(list: readonly ToolEntry[], entry: ToolEntry): number {
  let map = positions.get(list);
  if (map === undefined) {
    map = new Map(list.map((item, index) => [item, index]));
    positions.set(list, map);
  }
  return map.get(entry) ?? 0;
}

/**
 * Up to `count` other tools of the same class on other servers, taken next to this tool in the riskiest-first order
 * (so they have similar risk). O(count) per page after one index per class.
 */
export function otherToolsOfClass(catalogue: Catalogue, entry: ToolEntry, count: number): ToolEntry[] {
  if (entry.class === undefined) return [];
  const list = catalogue.byClass.get(entry.class) ?? [];
  const start = positionIn(list, entry);
  const out: ToolEntry[] = [];
  for (let step = 1; step < list.length && out.length < count; step++) {
    const candidate = list[(start + step) % list.length]!;
    if (candidate.server !== entry.server) out.push(candidate);
    if (step > count * 20) break;
  }
  return out;
}
