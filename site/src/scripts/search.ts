// The search box. Pagefind (static files under /pagefind/, built from custom records) by default; Meilisearch when
// the build set PUBLIC_MEILI_HOST. Everything shown comes from untrusted server text, so results are built from text
// nodes only (no innerHTML) and link only to site-relative URLs. Results come a page at a time ("Show more") until
// every hit has been shown.

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

/** The hits of one query: how many, and a way to load any slice of them. */
interface Found {
  total: number;
  load(from: number, count: number): Promise<Hit[]>;
}

interface Engine {
  search(query: string, filters: Filters): Promise<Found>;
  serverNames(): Promise<string[]>;
}

/** Results per page: `?per=N` (5–100), else 20. */
const PAGE_SIZE = Math.min(100, Math.max(5, Number(new URLSearchParams(location.search).get('per')) || 20));
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
      return {
        total: found.results.length,
        async load(from, count) {
          const data = await Promise.all(found.results.slice(from, from + count).map((result) => result.data()));
          return data.map((d) => ({
            url: safePath(d.url),
            title: d.meta.title ?? d.url,
            server: d.meta.server ?? first(d.filters.server),
            kind: first(d.filters.kind),
            risk: first(d.filters.risk),
            cls: first(d.filters.class),
            excerpt: excerptFromHtml(d.excerpt),
          }));
        },
      };
    },
    async serverNames() {
      return Object.keys((await pagefind.filters()).server ?? {}).sort();
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
      totalHits?: number;
      facetDistribution?: Record<string, Record<string, number>>;
    };
  };
  const toHit = (hit: Record<string, unknown>): Hit => {
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
  };
  return {
    async search(query, filters) {
      const filter = Object.entries(filters)
        .filter(([, value]) => value !== '')
        .map(([field, value]) => `${field === 'tag' ? 'tags' : field} = ${quote(value)}`);
      const page = (offset: number, limit: number) =>
        call({
          q: query,
          filter,
          offset,
          limit,
          attributesToCrop: ['description'],
          cropLength: 24,
          attributesToHighlight: ['description'],
          highlightPreTag: START,
          highlightPostTag: END,
        });
      const firstPage = await page(0, PAGE_SIZE);
      return {
        total: firstPage.totalHits ?? firstPage.estimatedTotalHits ?? firstPage.hits.length,
        async load(from, count) {
          const result = from === 0 && count <= PAGE_SIZE ? firstPage : await page(from, count);
          return result.hits.slice(0, count).map(toHit);
        },
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
  const more = document.querySelector<HTMLButtonElement>('#more');
  if (form === null || status === null || list === null || more === null) return;
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

  const { engine: kind, meiliHost, meiliKey, meiliIndex } = form.dataset;
  if (kind === 'none') {
    status.textContent = 'This build has no search index: browse by class, risk or tag instead.';
    return;
  }
  status.textContent = 'Loading the search index…';
  let engine: Engine;
  try {
    engine =
      kind === 'meilisearch' && meiliHost ? meiliEngine(meiliHost, meiliKey ?? '', meiliIndex ?? 'mcp-atlas') : await pagefindEngine();
  } catch (error) {
    status.textContent = `Search is unavailable: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  // The benchmark and tests time exactly what the box does (search, then the first page of results) through this hook.
  (window as unknown as { atlasSearch?: unknown }).atlasSearch = async (query: string, filters?: Partial<Filters>) => {
    const found = await engine.search(query, { kind: '', class: '', risk: '', tag: '', server: '', ...filters });
    return { total: found.total, hits: await found.load(0, PAGE_SIZE) };
  };
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
  let current: { found: Found; shown: number; ms: number; search: string } | undefined;

  const describe = () => {
    if (current === undefined) return;
    const { found, shown, ms } = current;
    status.textContent =
      found.total === 0
        ? 'No results.'
        : `${found.total.toLocaleString('en-US')} result${found.total === 1 ? '' : 's'}${found.total > shown ? `, showing 1–${shown.toLocaleString('en-US')}` : ''} (${ms} ms).`;
    more.hidden = found.total <= shown;
    more.textContent = `Show ${Math.min(PAGE_SIZE, found.total - shown)} more`;
    status.dataset.shown = String(shown);
    // Which query these results answer (tests wait for it rather than racing the previous results).
    status.dataset.done = current.search;
  };

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
    const kept = PAGE_SIZE === 20 ? {} : { per: String(PAGE_SIZE) };
    url.search = new URLSearchParams(Object.entries({ q: query, ...filters, ...kept }).filter(([, v]) => v !== '')).toString();
    history.replaceState(null, '', url);
    if (query === '' && Object.values(filters).every((v) => v === '')) {
      list.replaceChildren();
      more.hidden = true;
      current = undefined;
      status.textContent = 'Type to search, or pick a filter.';
      status.dataset.done = url.search;
      return;
    }
    const began = performance.now();
    try {
      const found = await engine.search(query, filters);
      const hits = await found.load(0, PAGE_SIZE);
      if (mine !== generation) return;
      list.replaceChildren(...hits.map(renderHit));
      current = { found, shown: hits.length, ms: Math.round(performance.now() - began), search: url.search };
      status.dataset.queryMs = String(current.ms);
      describe();
    } catch (error) {
      if (mine === generation) status.textContent = `Search failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  };
  more.addEventListener('click', async () => {
    const mine = generation;
    const page = current;
    if (page === undefined) return;
    more.disabled = true;
    try {
      const hits = await page.found.load(page.shown, PAGE_SIZE);
      if (mine !== generation || page !== current) return;
      list.append(...hits.map(renderHit));
      page.shown += hits.length;
      describe();
      // Keep the keyboard where the new results start.
      list.children[page.shown - hits.length]?.querySelector('a')?.focus();
    } finally {
      more.disabled = false;
    }
  });
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
