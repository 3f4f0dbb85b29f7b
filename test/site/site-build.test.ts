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
import { serveStatic } from '../../site/scripts/serve.ts';
import { ATTACK_PATTERNS } from '../../site/src/lib/attack-patterns.ts';
import { buildCatalogue } from '../../site/src/lib/catalogue.ts';
import { registryValidators } from '../catalogue-api/registry-schema.ts';
import { FIXTURE_DATA, FIXTURE_SITE_URL, fixtureSite, HUGE_SLUG, REPO, readSite } from './fixture-site.ts';

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
    expect(toolPages.length).toBe(19);
    for (const { url } of toolPages) expect(readSite(out, `${url}index.html`)).toContain('<h1>');
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
    // Reasons are a list, code spans are <code>, never raw backticks.
    expect(page).toContain('<li>name starts with the verb <code>delete</code></li>');
    expect(page.replace(/<pre>[\s\S]*?<\/pre>/g, '')).not.toContain('`');
    expect(page).toContain('Declares readOnlyHint true, but the tool deletes files.');
    expect(page).toMatch(/<code>recursive<\/code><\/th><td>boolean<\/td><td>no<\/td>/);
    expect(page).toContain('Can an agent delete data with delete_file?');
    expect(page).toContain('How do I rate-limit delete_file?');
    expect(page).toContain('How do I block delete_file?');
    expect(page).toContain('Other destructive tools across the catalogue');
    expect(page).toContain('href="/servers/io-github-acme-files/#policy"');
    const snippet = page
      .match(/<pre><code id="policy-snippet">([\s\S]*?)<\/code><\/pre>/)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    const policy = parsePolicy(snippet, 'snippet');
    expect(policy.version).toBe('1');
  });

  test('a tool page beats the reference: scan date, versions, what could go wrong, attack patterns, a clean FAQ', () => {
    const write = toolPages.find((t) => t.tool.name === 'write_file')!;
    const page = readSite(out, `${write.url}index.html`);
    expect(page).toContain('Without a policy, an agent could …');
    expect(page).toContain('read or change local files');
    expect(page).toContain(`<time datetime="${write.record.scan.scannedAt}">${write.record.scan.scannedAt.slice(0, 10)}</time>`);
    expect(page).toContain(`@acme/files-mcp@${write.record.packageVersion}`);
    expect(page).toContain(`version <code>${write.record.scan.serverInfo!.version}</code>`);
    expect(page).toContain('href="/attacks/destructive-calls-without-approval/"');
    // The FAQ names the policy's counter (never the URL slug) and fills in the Claude Code rule.
    expect(page).toContain('<code>{&quot;counter&quot;: &quot;write_file_per_minute&quot;');
    expect(page).not.toContain(`${write.url.split('/').at(-2)}_per_minute`);
    expect(page).toContain('<code>mcp__io-github-acme-files__write_file</code>');
    expect(page).not.toContain('&lt;tool&gt;');
    const read = readSite(out, `${toolPages.find((t) => t.tool.name === 'read_file')!.url}index.html`);
    expect(read).toContain('counter <code>read_file_per_minute</code>');
  });

  test('attack pattern pages explain the rule, give a valid policy, and are linked from every tool they apply to', () => {
    const catalogue = buildCatalogue(records);
    for (const pattern of ATTACK_PATTERNS) {
      const page = readSite(out, `attacks/${pattern.slug}/index.html`);
      expect(page).toContain(pattern.title);
      const example = page
        .match(/<code id="pattern-rule">([\s\S]*?)<\/code>/)![1]!
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      expect(parsePolicy(example, pattern.slug).default).toBe('deny');
      for (const tool of catalogue.tools) {
        const html = readSite(out, `${tool.url}index.html`);
        expect(html.includes(`href="/attacks/${pattern.slug}/"`), `${pattern.slug} on ${tool.url}`).toBe(pattern.appliesTo(tool));
      }
    }
    expect(catalogue.tools.filter((t) => ATTACK_PATTERNS.some((p) => p.appliesTo(t))).length).toBeGreaterThan(5);
  });

  test('server text is capped on listings and titles: a server with megabytes of serverInfo stays on its own page', () => {
    const size = (path: string) => readSite(out, path).length;
    expect(size('index.html')).toBeLessThan(60_000);
    expect(size('servers/index.html')).toBeLessThan(30_000);
    expect(size(`servers/${HUGE_SLUG}/index.html`)).toBeLessThan(100_000);
    const huge = toolPages.find((t) => t.record.slug === HUGE_SLUG)!;
    expect(size(`${huge.url}index.html`)).toBeLessThan(100_000);
    for (const t of toolPages.filter((p) => p.record.slug !== HUGE_SLUG)) expect(size(`${t.url}index.html`), t.url).toBeLessThan(100_000);
    expect(size('api/servers.json')).toBeLessThan(40_000);
    expect(size('v0.1/servers/index.html')).toBeLessThan(60_000);
    const title = readSite(out, `${huge.url}index.html`).match(/<title>(.*?)<\/title>/)![1]!;
    expect(title.length).toBeLessThan(200);
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

  test('sitemap lists every page with absolute URLs and scan dates, robots.txt points at it', () => {
    const sitemap = readSite(out, 'sitemap.xml');
    for (const { url, record } of toolPages)
      expect(sitemap).toContain(`<loc>${FIXTURE_SITE_URL}${url}</loc><lastmod>${record.scan.scannedAt}</lastmod>`);
    expect(sitemap).not.toContain('/v0.1/');
    for (const loc of sitemap.matchAll(/<loc>(.*?)<\/loc>/g)) expect(loc[1]!.startsWith(`${FIXTURE_SITE_URL}/`)).toBe(true);
    expect(readSite(out, 'robots.txt')).toContain(`Sitemap: ${FIXTURE_SITE_URL}/sitemap.xml`);
  });
});

describe('registry API, headers and sharing', () => {
  const { serverList, serverResponse } = registryValidators();

  test('/v0.1/servers and every entry validate against the official OpenAPI and are served at their %2F URLs', async () => {
    const list = JSON.parse(readSite(out, 'v0.1/servers/index.html'));
    expect(serverList(list)).toEqual([]);
    expect(list.servers).toHaveLength(records.length);
    const server = await serveStatic(out);
    try {
      for (const entry of list.servers) {
        expect(serverResponse(entry)).toEqual([]);
        const encoded = encodeURIComponent(entry.server.name);
        expect(encoded).toContain('%2F');
        for (const version of ['latest', encodeURIComponent(entry.server.version)]) {
          const response = await fetch(`${server.url}/v0.1/servers/${encoded}/versions/${version}`);
          if (version !== 'latest' && response.status === 404) continue; // versions that are not safe file names
          expect(response.status, `${entry.server.name} ${version}`).toBe(200);
          expect(response.headers.get('content-type')).toContain('application/json');
          expect(await response.json()).toEqual(entry);
        }
        // Hosts that look files up by the raw path find the literal-%2F copy.
        expect(JSON.parse(readSite(out, `v0.1/servers/${encoded}/versions/latest/index.html`))).toEqual(entry);
      }
      const listed = await fetch(`${server.url}/v0.1/servers`);
      expect(listed.headers.get('content-type')).toContain('application/json');
      expect(listed.headers.get('access-control-allow-origin')).toBe('*');
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await server.close();
    }
  });

  test('meta CSP leaves frame-ancestors to _headers; every page has canonical, Open Graph, Twitter card and a favicon', () => {
    expect(readSite(out, '_headers')).toMatch(/^\/\*\n {2}Content-Security-Policy: .*frame-ancestors 'none'/);
    for (const file of allFiles(out).filter((f) => f.endsWith('.html') && !f.startsWith('v0.1/'))) {
      const html = readSite(out, file);
      expect(html, file).not.toContain('frame-ancestors');
      expect(html, file).toMatch(/<link rel="canonical" href="https:\/\/atlas\.example\/[^"]*"/);
      for (const property of ['og:type', 'og:url', 'og:title', 'og:description', 'og:image'])
        expect(html, `${file} ${property}`).toMatch(new RegExp(`<meta property="${property}" content="[^"]+"`));
      expect(html, file).toContain('<meta name="twitter:card" content="summary_large_image"');
      expect(html, file).toContain('<link rel="icon" href="/favicon.svg"');
      expect(html, file).not.toContain('noindex');
      const image = html.match(/<meta property="og:image" content="https:\/\/atlas\.example\/(og\/[a-z-]+\.png)"/)![1]!;
      expect(readFileSync(join(out, image)).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(readSite(out, 'favicon.svg')).toContain('<svg');
    const delete_ = readSite(out, `${toolPages.find((t) => t.tool.name === 'delete_file')!.url}index.html`);
    expect(delete_).toContain('<meta property="og:image" content="https://atlas.example/og/tool-destructive-high.png"');
  });
});

describe('hostile server', () => {
  test('every output path is made of safe characters and stays inside the output folder', () => {
    const files = allFiles(out);
    expect(files.length).toBeGreaterThan(50);
    // `%2F` appears only as the literal registry-name folders under v0.1/servers/ (see registryEntryFiles).
    for (const file of files) expect(file).toMatch(file.startsWith('v0.1/servers/') ? /^[A-Za-z0-9/._%+-]+$/ : /^[A-Za-z0-9/._-]+$/);
    expect(files.some((f) => f.includes('..') || f.includes('passwd/'))).toBe(false);
    expect(files).toContain('servers/hostile-server/index.html');
  });

  test('hostile strings appear only escaped; no javascript: links; one external script at most', () => {
    // (The registry API's index.html files are JSON: checked for markup characters in test/catalogue-api.)
    for (const file of allFiles(out).filter((f) => f.endsWith('.html') && !f.startsWith('v0.1/'))) {
      const html = readSite(out, file);
      // Attribute values are double-quoted with `"` escaped, so markup can only hide there: look at everything else.
      const markup = html.replace(/="[^"]*"/g, '=""');
      expect(markup, file).not.toContain(PAYLOAD);
      expect(markup, file).not.toContain('<img src=x');
      expect(markup, file).not.toContain('<svg onload');
      expect(html, file).not.toMatch(/href="\s*javascript:/i);
      // Scripts: the site's own modules, and JSON-LD data blocks (never run; `<` is escaped inside them).
      const scripts = (markup.match(/<script\b[^>]*>/g) ?? []).filter((tag) => tag !== '<script type="">');
      for (const tag of scripts) expect(tag, file).toBe('<script type="" src="">');
      expect(html.match(/<script type="module" src="\/_astro\/[A-Za-z0-9._-]+\.js">/g)?.length ?? 0, file).toBe(scripts.length);
      for (const [, body] of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
        expect(body, file).not.toMatch(/[<>]/);
        JSON.parse(body!);
      }
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
        ['site/scripts/build.ts', '--data-dir', FIXTURE_DATA, '--out-dir', dir, '--site-url', FIXTURE_SITE_URL, '--shards', '2'],
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

describe('local build', () => {
  test('without a site URL the build says so on stderr and marks the output local', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-local-'));
    try {
      const { stderr } = await promisify(execFile)(
        process.execPath,
        ['site/scripts/build.ts', '--data-dir', FIXTURE_DATA, '--out-dir', dir, '--search', 'none'],
        { cwd: REPO, env: { ...process.env, ATLAS_SITE_URL: '' } },
      );
      expect(stderr).toContain('no site URL given');
      const home = readSite(dir, 'index.html');
      expect(home).toContain('<meta name="robots" content="noindex, nofollow"');
      expect(home).toContain('class="local-build"');
      expect(home).toContain('<link rel="canonical" href="http://localhost:4321/"');
      expect(readSite(dir, 'robots.txt')).toContain('Disallow: /');
      expect(readSite(dir, 'robots.txt')).not.toContain('Sitemap:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a site URL that is not an http(s) origin is a usage error', async () => {
    const result = await promisify(execFile)(
      process.execPath,
      ['site/scripts/build.ts', '--data-dir', FIXTURE_DATA, '--out-dir', join(tmpdir(), 'never'), '--site-url', 'javascript:alert(1)'],
      { cwd: REPO },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--site-url');
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
