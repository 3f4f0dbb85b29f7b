import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The sitemap protocol's limit of URLs per file. */
export const URLS_PER_FILE = 50_000;

/** Scan times for `<lastmod>`: per server slug, and the catalogue's newest for every other page. */
export interface Lastmod {
  updatedAt?: string;
  servers: Record<string, string>;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Folders that hold files for machines, not pages (the registry API's `index.html` files are JSON). */
const NOT_PAGES = ['/pagefind/', '/v0.1/', '/og/'];

async function htmlPages(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).slice(0, -1).join('/'))
    .map((dir) => (dir === '' ? '/' : `/${dir}/`))
    .filter((path) => !NOT_PAGES.some((prefix) => path.startsWith(prefix)))
    .sort();
}

/** The `<lastmod>` of a page: its server's scan time for server and tool pages, else the catalogue's newest. Pure. */
export function lastmodOf(path: string, lastmod: Lastmod): string | undefined {
  const slug = /^\/servers\/([a-z0-9-]+)\//.exec(path)?.[1];
  return (slug !== undefined && Object.hasOwn(lastmod.servers, slug) ? lastmod.servers[slug] : undefined) ?? lastmod.updatedAt;
}

/**
 * Writes `sitemap.xml` (a plain URL set, or a sitemap index over `sitemap-N.xml` files past 50,000 URLs, with
 * `<lastmod>` from the scan dates) and `robots.txt`, from the pages actually built. A local build's robots.txt
 * disallows everything. Returns the number of URLs.
 */
export async function writeSitemap(
  outDir: string,
  siteUrl: string,
  options: { local?: boolean; lastmod?: Lastmod; urlsPerFile?: number } = {},
): Promise<number> {
  const base = siteUrl.replace(/\/+$/, '');
  const lastmod = options.lastmod ?? { servers: {} };
  const perFile = options.urlsPerFile ?? URLS_PER_FILE;
  const urls = (await htmlPages(outDir)).map((path) => {
    const when = lastmodOf(path, lastmod);
    return `<url><loc>${escapeXml(base + path)}</loc>${when === undefined ? '' : `<lastmod>${escapeXml(when)}</lastmod>`}</url>`;
  });
  const urlset = (items: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</urlset>\n`;
  if (urls.length <= perFile) {
    await writeFile(join(outDir, 'sitemap.xml'), urlset(urls));
  } else {
    const parts: string[] = [];
    for (let i = 0; i * perFile < urls.length; i++) {
      const name = `sitemap-${i + 1}.xml`;
      await writeFile(join(outDir, name), urlset(urls.slice(i * perFile, (i + 1) * perFile)));
      const when = lastmod.updatedAt === undefined ? '' : `<lastmod>${escapeXml(lastmod.updatedAt)}</lastmod>`;
      parts.push(`<sitemap><loc>${escapeXml(`${base}/${name}`)}</loc>${when}</sitemap>`);
    }
    await writeFile(
      join(outDir, 'sitemap.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts.join('\n')}\n</sitemapindex>\n`,
    );
  }
  const robots = options.local
    ? '# A local build (no site URL was given): not for indexing.\nUser-agent: *\nDisallow: /\n'
    : `User-agent: *\nAllow: /\nSitemap: ${base}/sitemap.xml\n`;
  await writeFile(join(outDir, 'robots.txt'), robots);
  return urls.length;
}
