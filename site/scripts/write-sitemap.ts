import { readdir, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The sitemap protocol's limit of URLs per file. */
const URLS_PER_FILE = 50_000;

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function htmlPages(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).slice(0, -1).join('/'))
    .map((dir) => (dir === '' ? '/' : `/${dir}/`))
    .filter((path) => !path.startsWith('/pagefind/'))
    .sort();
}

/**
 * Writes `sitemap.xml` (a plain URL set, or a sitemap index over `sitemap-N.xml` files past 50,000 URLs) and
 * `robots.txt`, from the pages actually built. Returns the number of URLs.
 */
export async function writeSitemap(outDir: string, siteUrl: string): Promise<number> {
  const base = siteUrl.replace(/\/+$/, '');
  const urls = (await htmlPages(outDir)).map((path) => `<url><loc>${escapeXml(base + path)}</loc></url>`);
  const urlset = (items: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</urlset>\n`;
  if (urls.length <= URLS_PER_FILE) {
    await writeFile(join(outDir, 'sitemap.xml'), urlset(urls));
  } else {
    const parts: string[] = [];
    for (let i = 0; i * URLS_PER_FILE < urls.length; i++) {
      const name = `sitemap-${i + 1}.xml`;
      await writeFile(join(outDir, name), urlset(urls.slice(i * URLS_PER_FILE, (i + 1) * URLS_PER_FILE)));
      parts.push(`<sitemap><loc>${escapeXml(`${base}/${name}`)}</loc></sitemap>`);
    }
    await writeFile(
      join(outDir, 'sitemap.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts.join('\n')}\n</sitemapindex>\n`,
    );
  }
  await writeFile(join(outDir, 'robots.txt'), `User-agent: *\nAllow: /\nSitemap: ${base}/sitemap.xml\n`);
  return urls.length;
}
