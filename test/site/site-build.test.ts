import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { ServerRecordSchema } from '../../data/schema/index.ts';
import { toolSlugs, toolUrl } from '../../data/schema/search-document.ts';
import { parsePolicy } from '../../policies-gen/index.ts';
import { FIXTURE_DATA, FIXTURE_SITE_URL, fixtureSite, REPO, readSite } from './fixture-site.ts';

const records = readdirSync(join(FIXTURE_DATA, 'servers'))
  .sort()
  .map((file) => ServerRecordSchema.parse(JSON.parse(readFileSync(join(FIXTURE_DATA, 'servers', file), 'utf8'))));
const toolPages = records.flatMap((r) => {
  const slugs = toolSlugs(r.scan.tools.map((t) => t.name));
  return r.scan.tools.map((tool, i) => ({ record: r, tool, url: toolUrl(r.slug, slugs[i]!) }));
});
const PAYLOAD = '<script>window.__pwned=1</script>';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

let out = '';
beforeAll(async () => {
  out = await fixtureSite();
});

describe('pages', () => {
  test('every server and every tool has a page at its slug URL', () => {
    for (const record of records) expect(readSite(out, `servers/${record.slug}/index.html`)).toContain('<h1');
    expect(toolPages.length).toBe(18);
    for (const { url } of toolPages) expect(readSite(out, `${url}index.html`)).toContain('data-pagefind-body');
  });

  test('home shows totals, SVG charts, riskiest tools and recent changes', () => {
    const home = readSite(out, 'index.html');
    expect(home).toContain(`<strong>${records.length}</strong> servers`);
    expect(home).toContain(`<strong>${toolPages.length}</strong> tools`);
    expect(home.match(/<svg class="bars"/g)?.length).toBe(4);
    expect(home).toContain('Riskiest tools');
    expect(home).toContain('possible rug pull');
  });

  test('a tool page carries verdict, reasons, annotations, schema table, findings, policy and FAQ', () => {
    const page = readSite(out, `${toolPages.find((t) => t.tool.name === 'delete_file')!.url}index.html`);
    expect(page).toContain('destructive');
    expect(page).toContain('name starts with the verb `delete`');
    expect(page).toContain('Declares readOnlyHint true, but the tool deletes files.');
    expect(page).toMatch(/<code>recursive<\/code><\/th><td>boolean<\/td><td>no<\/td>/);
    expect(page).toContain('Can an agent delete data with delete_file?');
    expect(page).toContain('How do I rate-limit delete_file?');
    expect(page).toContain('How do I block delete_file?');
    expect(page).toContain('Other destructive tools across the catalogue');
    expect(page).toContain('href="/servers/io-github-acme-files/#policy"');
    const snippet = page
      .match(/<pre><code>([\s\S]*?)<\/code><\/pre>/)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const policy = parsePolicy(snippet, 'snippet');
    expect(policy.version).toBe('1');
  });

  test('a server that could not be scanned says what it needs', () => {
    const page = readSite(out, 'servers/io-github-weather-needs-key/index.html');
    expect(page).toContain('Needs API_KEY to list tools.');
  });

  test('browse, mismatch and listing pages list the right tools', () => {
    const mismatches = readSite(out, 'mismatches/index.html');
    const expected = toolPages.filter((t) => t.tool.classification?.mismatch !== undefined);
    for (const t of expected) expect(mismatches).toContain(`href="${t.url}"`);
    expect(mismatches.match(/<li><a href="\/servers\/[a-z0-9-]+\/tools\//g)?.length).toBe(expected.length);
    const critical = readSite(out, 'risks/critical/index.html');
    for (const t of toolPages) expect(critical.includes(`href="${t.url}"`)).toBe(t.tool.classification?.risk === 'critical');
    expect(readSite(out, 'tags/financial/index.html')).toContain('refund_charge');
    expect(readSite(out, 'servers/index.html')).toContain('Acme Files');
  });
});

describe('JSON API and downloads', () => {
  test('/api/servers.json lists every server with totals', () => {
    const api = JSON.parse(readSite(out, 'api/servers.json'));
    expect(api.servers.map((s: { slug: string }) => s.slug)).toEqual(records.map((r) => r.slug).sort());
    expect(api.totals.tools).toBe(toolPages.length);
  });

  test('/api/servers/<slug>.json carries the validated record and tool URLs', () => {
    for (const record of records) {
      const detail = JSON.parse(readSite(out, `api/servers/${record.slug}.json`));
      expect(ServerRecordSchema.parse(detail.record)).toEqual(record);
      expect(detail.tools.map((t: { url: string }) => t.url)).toEqual(toolPages.filter((t) => t.record === record).map((t) => t.url));
    }
  });

  test('every policy download parses in its format', () => {
    for (const record of records) {
      const policy = parsePolicy(readSite(out, `api/policies/${record.slug}.policylayer.json`), record.slug);
      expect(policy.default).toBe('deny');
      const intercept = YAML.parse(readSite(out, `api/policies/${record.slug}.intercept.yaml`));
      expect(intercept.version).toBe('1');
      const claude = JSON.parse(readSite(out, `api/policies/${record.slug}.claude.json`));
      expect(Array.isArray(claude.permissions.deny)).toBe(true);
      const codex = readSite(out, `api/policies/${record.slug}.codex.toml`);
      expect(codex).toMatch(new RegExp(`^\\[mcp_servers\\.${record.slug}\\]$`, 'm'));
    }
    const acme = parsePolicy(readSite(out, 'api/policies/io-github-acme-files.policylayer.json'));
    expect(Object.keys(acme.tools ?? {})).toContain('read_file');
  });

  test('sitemap lists every page with absolute URLs, robots.txt points at it', () => {
    const sitemap = readSite(out, 'sitemap.xml');
    for (const { url } of toolPages) expect(sitemap).toContain(`<loc>${FIXTURE_SITE_URL}${url}</loc>`);
    for (const loc of sitemap.matchAll(/<loc>(.*?)<\/loc>/g)) expect(loc[1]!.startsWith(`${FIXTURE_SITE_URL}/`)).toBe(true);
    expect(readSite(out, 'robots.txt')).toContain(`Sitemap: ${FIXTURE_SITE_URL}/sitemap.xml`);
  });
});

describe('hostile server', () => {
  test('every output path is made of safe characters and stays inside the output folder', () => {
    const files = allFiles(out);
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(file).toMatch(/^[A-Za-z0-9/._-]+$/);
    expect(files.some((f) => f.includes('..') || f.includes('passwd/'))).toBe(false);
    expect(files).toContain('servers/hostile-server/index.html');
  });

  test('hostile strings appear only escaped; no javascript: links; one external script at most', () => {
    for (const file of allFiles(out).filter((f) => f.endsWith('.html'))) {
      const html = readSite(out, file);
      // Attribute values are double-quoted with `"` escaped, so markup can only hide there: look at everything else.
      const markup = html.replace(/="[^"]*"/g, '=""');
      expect(markup, file).not.toContain(PAYLOAD);
      expect(markup, file).not.toContain('<img src=x');
      expect(markup, file).not.toContain('<svg onload');
      expect(html, file).not.toMatch(/href="\s*javascript:/i);
      const scripts = markup.match(/<script\b[^>]*>/g) ?? [];
      for (const tag of scripts) expect(tag, file).toBe('<script type="" src="">');
      expect(html.match(/<script type="module" src="\/_astro\/[A-Za-z0-9._-]+\.js">/g)?.length ?? 0, file).toBe(scripts.length);
      expect(html, file).toContain("script-src 'self' 'wasm-unsafe-eval'");
    }
    const hostile = readSite(out, 'servers/hostile-server/index.html');
    expect(hostile).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(hostile).toContain('⟨U+202E⟩');
    expect(hostile.length).toBeLessThan(400_000);
  });

  test('the traversal-named tool lands at a harmless URL and renders as text', () => {
    const passwd = toolPages.find((t) => t.tool.name === '../../etc/passwd')!;
    expect(passwd.url).toMatch(/^\/servers\/hostile-server\/tools\/etc-passwd-[a-z0-9]+\/$/);
    expect(readSite(out, `${passwd.url}index.html`)).toContain('<code>../../etc/passwd</code>');
  });
});

describe('sharded build', () => {
  test('two Astro processes produce exactly the pages of one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-sharded-'));
    try {
      await promisify(execFile)(
        process.execPath,
        [
          'site/scripts/build.ts',
          '--data-dir',
          FIXTURE_DATA,
          '--out-dir',
          dir,
          '--site-url',
          FIXTURE_SITE_URL,
          '--shards',
          '2',
          '--search',
          'pagefind',
        ],
        { cwd: REPO },
      );
      const pages = (root: string) =>
        allFiles(root)
          .filter((f) => f.endsWith('.html'))
          .sort();
      expect(pages(dir)).toEqual(pages(out));
      for (const { url } of toolPages) expect(readSite(dir, `${url}index.html`)).toBe(readSite(out, `${url}index.html`));
      expect(readSite(dir, 'sitemap.xml')).toBe(readSite(out, 'sitemap.xml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('invalid data', () => {
  test('fails the build naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-bad-data-'));
    try {
      cpSync(FIXTURE_DATA, dir, { recursive: true });
      const file = join(dir, 'servers', 'com-example-payments.json');
      const record = JSON.parse(readFileSync(file, 'utf8'));
      record.scan.tools[1].classification.risk = 'apocalyptic';
      writeFileSync(file, JSON.stringify(record));
      const result = await promisify(execFile)(
        process.execPath,
        ['site/scripts/build.ts', '--data-dir', dir, '--out-dir', join(dir, 'out')],
        { cwd: REPO },
      ).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('com-example-payments.json');
      expect(result.stderr).toContain('scan.tools.1.classification.risk');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
