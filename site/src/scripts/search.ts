// The search box. Pagefind (static files under /pagefind/) by default; the site's own sharded static index
// (/atlas-index/, see site/scripts/atlas-index.ts) for very large catalogues; Meilisearch when the build set
// PUBLIC_MEILI_HOST. Everything shown comes from untrusted server text, so results are built from text nodes only:
// no innerHTML, and links only to site-relative URLs.
import type { AtlasIndexMeta as AtlasMeta } from '../../scripts/atlas-index.ts';
import { CLASS_CODES, RISK_BY_RANK, searchTokens, shardKey } from '../lib/search-tokens.ts';

/** Filters the page offers, shared by both engines. */
interface Filters {
  kind: string;
  class: string;
  risk: string;
  tag: string;
  server: string;
}

/** A piece of an excerpt: plain text, highlighted or not. */
interface Segment {
  text: string;
  mark: boolean;
}

interface Hit {
  url: string;
  title: string;
  server: string;
  kind: string;
  risk: string;
  cls: string;
  excerpt: Segment[];
}

interface Engine {
  search(query: string, filters: Filters): Promise<{ hits: Hit[]; total: number }>;
  serverNames(): Promise<string[]>;
}

const PAGE_SIZE = 20;
const START = '\u0001';
const END = '\u0002';

/** Splits text carrying START/END markers into segments. */
function segments(marked: string): Segment[] {
  const out: Segment[] = [];
  for (const [index, part] of marked.split(new RegExp(`[${START}${END}]`)).entries()) {
    if (part !== '') out.push({ text: part, mark: index % 2 === 1 });
  }
  return out;
}

/** Pagefind excerpts are HTML with <mark>: swap the marks for markers, then decode entities in an inert document. */
function excerptFromHtml(html: string): Segment[] {
  const marked = html.replace(/<mark>/g, START).replace(/<\/mark>/g, END);
  const text = new DOMParser().parseFromString(marked, 'text/html').documentElement.textContent ?? '';
  return segments(text);
}

/** Only site-relative paths are ever linked. */
function safePath(url: unknown): string {
  return typeof url === 'string' && /^\/[A-Za-z0-9/_.-]*$/.test(url) ? url : '/';
}

function first(values: unknown): string {
  return Array.isArray(values) && typeof values[0] === 'string' ? values[0] : '';
}

interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: Record<string, string>; filters: Record<string, string[]> }>;
}
interface PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string | null, options: { filters: Record<string, string> }): Promise<{ results: PagefindResult[] }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

async function pagefindEngine(): Promise<Engine> {
  const path = '/pagefind/pagefind.js';
  const pagefind = (await import(/* @vite-ignore */ path)) as PagefindApi;
  await pagefind.options({ excerptLength: 24 });
  await pagefind.init();
  return {
    async search(query, filters) {
      const active: Record<string, string> = {};
      for (const [key, value] of Object.entries(filters)) if (value !== '') active[key] = value;
      const found = await pagefind.search(query === '' ? null : query, { filters: active });
      const data = await Promise.all(found.results.slice(0, PAGE_SIZE).map((result) => result.data()));
      return {
        total: found.results.length,
        hits: data.map((d) => ({
          url: safePath(d.url),
          title: d.meta.title ?? d.url,
          server: d.meta.server ?? first(d.filters.server),
          kind: first(d.filters.kind),
          risk: first(d.filters.risk),
          cls: first(d.filters.class),
          excerpt: excerptFromHtml(d.excerpt),
        })),
      };
    },
    async serverNames() {
      return Object.keys((await pagefind.filters()).server ?? {}).sort();
    },
  };
}

interface AtlasAttrs {
  kind: string;
  cls: string;
  risk: string;
  tags: number[];
  server: number[];
}
type AtlasRow = [url: string, title: string, name: string, description: string, cls: string, risk: string, kind: string];

/** Highlights query terms (as word prefixes) in plain text. */
function highlight(text: string, terms: string[]): Segment[] {
  if (terms.length === 0) return [{ text, mark: false }];
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'giu');
  return text.split(pattern).map((part, index) => ({ text: part, mark: index % 2 === 1 }));
}

async function atlasEngine(): Promise<Engine> {
  const cache = new Map<string, Promise<unknown>>();
  const load = <T>(path: string): Promise<T> => {
    let hit = cache.get(path);
    if (hit === undefined) {
      hit = fetch(`/atlas-index/${path}`).then((r) => {
        if (!r.ok) throw new Error(`index file ${path}: HTTP ${r.status}`);
        return r.json();
      });
      cache.set(path, hit);
    }
    return hit as Promise<T>;
  };
  const [meta, attrs] = await Promise.all([load<AtlasMeta>('meta.json'), load<AtlasAttrs>('attrs.json')]);
  const shards = new Set(meta.shards);
  const split = new Set(meta.split);
  /** The shard files that can hold terms starting with `term`. */
  const shardsFor = (term: string): string[] => {
    const two = shardKey(term, 2);
    if (!split.has(two)) return shards.has(two) ? [two] : [];
    if ([...term].length >= 3) return [shardKey(term, 3)].filter((k) => shards.has(k));
    // A two-letter prefix of a split shard: its own file plus its three-letter files (at most a few dozen).
    return meta.shards.filter((k) => k === two || (k.length === 3 && k.startsWith(two))).slice(0, 40);
  };
  const undelta = (list: number[]) => {
    let id = 0;
    return list.map((d) => {
      id += d;
      return id;
    });
  };
  /** doc id -> best weight for one query term (name hit 3, description hit 1), prefix-matching indexed terms. */
  const termScores = async (term: string): Promise<Map<number, number>> => {
    const scores = new Map<number, number>();
    const files = await Promise.all(shardsFor(term).map((key) => load<Record<string, [number[], number[]]>>(`terms/${key}.json`)));
    let expanded = 0;
    for (const shard of files) {
      for (const [indexed, [names, descriptions]] of Object.entries(shard)) {
        if (!indexed.startsWith(term) || ++expanded > 64) continue;
        const exact = indexed === term ? 1 : 0.8;
        for (const id of undelta(descriptions)) scores.set(id, Math.max(scores.get(id) ?? 0, exact));
        for (const id of undelta(names)) scores.set(id, Math.max(scores.get(id) ?? 0, 3 * exact));
      }
    }
    return scores;
  };
  return {
    async search(query, filters) {
      const terms = [...new Set(searchTokens(query))].slice(0, 6);
      const server = filters.server === '' ? -1 : meta.servers.indexOf(filters.server);
      const tagBit = filters.tag === '' ? 0 : 1 << meta.tags.indexOf(filters.tag);
      const risk = filters.risk === '' ? '' : String(RISK_BY_RANK.indexOf(filters.risk as (typeof RISK_BY_RANK)[number]));
      const keep = (id: number) =>
        (filters.kind === '' || attrs.kind[id] === filters.kind[0]) &&
        (filters.class === '' || attrs.cls[id] === CLASS_CODES[filters.class]) &&
        (risk === '' || attrs.risk[id] === risk) &&
        (tagBit === 0 || (attrs.tags[id]! & tagBit) !== 0) &&
        (filters.server === '' || attrs.server[id] === server);
      let scored: [number, number][];
      if (terms.length === 0) {
        scored = [];
        for (let id = 0; id < meta.docs; id++) if (keep(id)) scored.push([id, 0]);
      } else {
        const perTerm = await Promise.all(terms.map(termScores));
        perTerm.sort((a, b) => a.size - b.size);
        scored = [];
        for (const [id, first] of perTerm[0]!) {
          let total = first;
          for (const other of perTerm.slice(1)) {
            const score = other.get(id);
            if (score === undefined) {
              total = -1;
              break;
            }
            total += score;
          }
          if (total >= 0 && keep(id)) scored.push([id, total]);
        }
      }
      scored.sort((a, b) => b[1] - a[1] || Number(attrs.risk[b[0]]) - Number(attrs.risk[a[0]]) || a[0] - b[0]);
      const top = scored.slice(0, PAGE_SIZE);
      const blocks = await Promise.all(top.map(([id]) => load<AtlasRow[]>(`docs/${Math.floor(id / meta.blockSize)}.json`)));
      return {
        total: scored.length,
        hits: top.map(([id], i) => {
          const [url, title, , description, cls, riskName, kind] = blocks[i]![id % meta.blockSize]!;
          return {
            url: safePath(url),
            title,
            server: meta.servers[attrs.server[id]!] ?? '',
            kind,
            risk: riskName,
            cls,
            excerpt: highlight(description, terms),
          };
        }),
      };
    },
    async serverNames() {
      return [...meta.servers].sort();
    },
  };
}

function meiliEngine(host: string, key: string, index: string): Engine {
  const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;
  const call = async (body: Record<string, unknown>) => {
    const response = await fetch(`${host.replace(/\/+$/, '')}/indexes/${encodeURIComponent(index)}/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === '' ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Meilisearch answered ${response.status}`);
    return (await response.json()) as {
      hits: Record<string, unknown>[];
      estimatedTotalHits?: number;
      facetDistribution?: Record<string, Record<string, number>>;
    };
  };
  return {
    async search(query, filters) {
      const filter = Object.entries(filters)
        .filter(([, value]) => value !== '')
        .map(([field, value]) => `${field === 'tag' ? 'tags' : field} = ${quote(value)}`);
      const result = await call({
        q: query,
        filter,
        limit: PAGE_SIZE,
        attributesToCrop: ['description'],
        cropLength: 24,
        attributesToHighlight: ['description'],
        highlightPreTag: START,
        highlightPostTag: END,
      });
      return {
        total: result.estimatedTotalHits ?? result.hits.length,
        hits: result.hits.map((hit) => {
          const formatted = (hit._formatted ?? {}) as Record<string, unknown>;
          return {
            url: safePath(hit.url),
            title: String(hit.title ?? hit.name ?? ''),
            server: String(hit.server ?? ''),
            kind: String(hit.kind ?? ''),
            risk: String(hit.risk ?? ''),
            cls: String(hit.class ?? ''),
            excerpt: segments(String(formatted.description ?? hit.description ?? '')),
          };
        }),
      };
    },
    async serverNames() {
      const result = await call({ q: '', limit: 0, facets: ['server'] });
      return Object.keys(result.facetDistribution?.server ?? {}).sort();
    },
  };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function renderHit(hit: Hit): HTMLLIElement {
  const item = element('li');
  const link = element('a', hit.title);
  link.href = hit.url;
  item.append(link);
  for (const [text, cls] of [
    [hit.kind, ''],
    [hit.cls, ''],
    [hit.risk === '' ? '' : `${hit.risk} risk`, hit.risk === '' ? '' : ` risk-${hit.risk}`],
  ] as const) {
    if (text !== '') item.append(' ', element('span', text, `badge${cls}`));
  }
  const meta = element('span', undefined, 'meta');
  if (hit.server !== '' && hit.kind !== 'server') meta.append(element('span', `${hit.server} · `));
  for (const part of hit.excerpt) meta.append(part.mark ? element('mark', part.text) : document.createTextNode(part.text));
  item.append(meta);
  return item;
}

async function start(): Promise<void> {
  const form = document.querySelector<HTMLFormElement>('#search');
  const status = document.querySelector<HTMLElement>('#status');
  const list = document.querySelector<HTMLOListElement>('#results');
  if (form === null || status === null || list === null) return;
  const input = (id: string) => form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)!;
  const fields = {
    q: input('q'),
    kind: input('f-kind'),
    class: input('f-class'),
    risk: input('f-risk'),
    tag: input('f-tag'),
    server: input('f-server'),
  };
  const params = new URLSearchParams(location.search);
  for (const [name, field] of Object.entries(fields)) field.value = params.get(name) ?? '';

  let engine: Engine;
  try {
    const { engine: kind, meiliHost, meiliKey, meiliIndex } = form.dataset;
    engine =
      kind === 'meilisearch' && meiliHost
        ? meiliEngine(meiliHost, meiliKey ?? '', meiliIndex ?? 'mcp-atlas')
        : kind === 'atlas'
          ? await atlasEngine()
          : await pagefindEngine();
  } catch (error) {
    status.textContent = `Search is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  // The benchmark and tests time exactly what the box does through this hook.
  (window as unknown as { atlasSearch?: unknown }).atlasSearch = (query: string, filters?: Partial<Filters>) =>
    engine.search(query, { kind: '', class: '', risk: '', tag: '', server: '', ...filters });
  engine
    .serverNames()
    .then((names) => {
      const datalist = document.querySelector('#server-names');
      for (const name of names.slice(0, 2000)) {
        const option = element('option');
        option.value = name;
        datalist?.append(option);
      }
    })
    .catch(() => undefined);

  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = async () => {
    // A pending keystroke search would only repeat this one and re-render the list under the user's pointer.
    clearTimeout(timer);
    const mine = ++generation;
    const query = fields.q.value.trim();
    const filters: Filters = {
      kind: fields.kind.value,
      class: fields.class.value,
      risk: fields.risk.value,
      tag: fields.tag.value,
      server: fields.server.value.trim(),
    };
    const url = new URL(location.href);
    url.search = new URLSearchParams(Object.entries({ q: query, ...filters }).filter(([, v]) => v !== '')).toString();
    history.replaceState(null, '', url);
    if (query === '' && Object.values(filters).every((v) => v === '')) {
      list.replaceChildren();
      status.textContent = 'Type to search.';
      return;
    }
    const began = performance.now();
    try {
      const { hits, total } = await engine.search(query, filters);
      if (mine !== generation) return;
      const ms = Math.round(performance.now() - began);
      list.replaceChildren(...hits.map(renderHit));
      status.dataset.queryMs = String(ms);
      // Which query these results answer (tests wait for it rather than racing the previous results).
      status.dataset.done = url.search;
      status.textContent =
        total === 0
          ? 'No results.'
          : `${total.toLocaleString('en-US')} result${total === 1 ? '' : 's'}${total > hits.length ? `, showing the first ${hits.length}` : ''} (${ms} ms).`;
    } catch (error) {
      if (mine === generation) status.textContent = `Search failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  fields.q.addEventListener('input', soon);
  for (const field of [fields.kind, fields.class, fields.risk, fields.tag, fields.server])
    field.addEventListener('change', () => void run());
  form.dataset.ready = 'true';
  void run();
}

void start();
