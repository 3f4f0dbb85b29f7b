import { existsSync, readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parsePolicy } from '../../policies-gen/index.ts';
import { CHROMIUM_PATH, launchChromium } from '../../site/scripts/chromium.ts';
import { type StaticServer, serveStatic } from '../../site/scripts/serve.ts';
import { launchBrowser } from './browser.ts';
import { fixtureSite } from './fixture-site.ts';

// The browser tests need Debian's Chromium (`apt-get install chromium`; .ci/run installs it). In CI a missing
// browser is an error; on a developer's machine without it these tests are skipped with this message.
const haveChromium = existsSync(CHROMIUM_PATH);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the end-to-end tests cannot run.`);
  process.stderr.write(`site-e2e: skipped, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
}

describe.skipIf(!haveChromium)('the site in Chromium', () => {
  let server: StaticServer;
  let out: string;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    out = await fixtureSite();
    server = await serveStatic(out);
    ({ context, close: closeBrowser } = await launchBrowser());
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  /** Opens a page that records dialogs an injected payload might raise, and every console error. */
  async function open(path: string): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
    const page = await context.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}${path}`);
    return { page, dialogs, errors };
  }

  async function results(page: Page): Promise<{ title: string; href: string; risk: string | null }[]> {
    return page.$$eval('#results li', (items) =>
      items.map((li) => ({
        title: li.querySelector('a')?.textContent ?? '',
        href: li.querySelector('a')?.getAttribute('href') ?? '',
        risk: li.querySelector('.badge[class*="risk-"]')?.textContent ?? null,
      })),
    );
  }

  const toolUrl = (name: string) => {
    const detail = JSON.parse(readFileSync(`${out}/api/servers/io-github-acme-files.json`, 'utf8')) as {
      tools: { name: string; url: string }[];
    };
    return detail.tools.find((t) => t.name === name)!.url;
  };

  test('no console errors (CSP, favicon, scripts) on the home, a server, a tool, search and attack pages', async () => {
    for (const path of ['/', '/servers/io-github-acme-files/', toolUrl('delete_file'), '/search/?q=file', '/attacks/lethal-trifecta/']) {
      const { page, errors } = await open(path);
      await page.waitForLoadState('networkidle');
      if (path.startsWith('/search/')) await page.waitForSelector('#status[data-done]');
      expect(errors, path).toEqual([]);
      await page.close();
    }
  });

  test('search finds a tool, filters by risk, opens the tool page; snippets keep word boundaries', async () => {
    const { page } = await open('/search/');
    expect(await page.getAttribute('#search', 'data-engine')).toBe('pagefind');
    await page.waitForSelector('#search[data-ready="true"]');
    await page.fill('#q', 'delete');
    await page.waitForSelector('#status[data-done="?q=delete"]');
    expect((await results(page)).map((r) => r.title)).toContain('delete_file');
    const excerpts = await page.$$eval('#results .meta', (nodes) => nodes.map((n) => n.textContent ?? ''));
    for (const excerpt of excerpts) expect(excerpt).not.toMatch(/[a-z](Argument|Type|Required|Description)[A-Z]/);

    await page.fill('#q', 'file');
    await page.selectOption('#f-risk', 'low');
    await page.waitForSelector('#status[data-done="?q=file&risk=low"]');
    const low = await results(page);
    expect(low.length).toBeGreaterThan(0);
    for (const hit of low) expect(hit.risk).toBe('low risk');
    expect(low.map((r) => r.title)).toContain('read_file');
    expect(low.map((r) => r.title)).not.toContain('delete_file');

    await page.click('#results li a >> text=read_file');
    await page.waitForURL(/\/servers\/io-github-acme-files\/tools\/read-file-[a-z0-9]+\/$/);
    expect(await page.textContent('h1')).toBe('read_file');
    await page.close();
  });

  test('results page on with "Show more" until every hit is reachable', async () => {
    const { page } = await open('/search/?kind=tool&per=5');
    await page.waitForSelector('#status[data-done="?kind=tool&per=5"]');
    const tools = JSON.parse(readFileSync(`${out}/api/servers.json`, 'utf8')).totals.tools as number;
    expect(await page.textContent('#status')).toContain(`${tools} results, showing 1–5`);
    expect((await results(page)).length).toBe(5);
    for (let clicks = 0; clicks < 10 && (await page.isVisible('#more')); clicks++) {
      const before = (await results(page)).length;
      await page.click('#more');
      await page.waitForFunction((n) => document.querySelectorAll('#results li').length > n, before);
    }
    const all = await results(page);
    expect(all.length).toBe(tools);
    expect(new Set(all.map((r) => r.href)).size).toBe(tools);
    expect(await page.isVisible('#more')).toBe(false);
    expect(await page.textContent('#status')).toMatch(new RegExp(`^${tools} results \\(`));
    await page.close();
  });

  test('copy buttons copy the policy snippet and say so', async () => {
    const { page } = await open(toolUrl('create_directory'));
    const button = page.locator('button[data-copy="#policy-snippet"]');
    await button.waitFor({ state: 'visible' });
    await button.click();
    await page.waitForSelector('button[data-copy="#policy-snippet"][data-copied="true"]');
    expect(await button.textContent()).toBe('Copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.textContent('#policy-snippet'));
    expect(Object.keys(parsePolicy(copied, 'clipboard').tools ?? {})).toEqual(['create_directory']);
    const serverPage = (await open('/servers/io-github-acme-files/')).page;
    await serverPage.click('button[data-copy="#run-0"]');
    expect(await serverPage.evaluate(() => navigator.clipboard.readText())).toMatch(/^npx -y @acme\/files-mcp@/);
    await page.close();
    await serverPage.close();
  });

  test('without JavaScript the search page links to the browse pages, and copy buttons stay hidden', async () => {
    const noJs = await launchChromium('atlas-nojs-', { javaScriptEnabled: false });
    try {
      const page = await noJs.context.newPage();
      await page.goto(`${server.url}/search/?q=delete`);
      expect(await page.isVisible('#no-script')).toBe(true);
      expect(await page.textContent('#no-script')).toContain('needs JavaScript');
      const links = await page.$$eval('#no-script a', (as) => as.map((a) => a.getAttribute('href')));
      expect(links).toEqual(expect.arrayContaining(['/classes/destructive/', '/risks/critical/', '/tags/filesystem/', '/servers/']));
      await page.click('#no-script a[href="/classes/destructive/"]');
      expect(await page.textContent('main')).toContain('delete_file');
      await page.goto(`${server.url}${toolUrl('write_file')}`);
      expect(await page.isVisible('button[data-copy]')).toBe(false);
    } finally {
      await noJs.close();
    }
  });

  describe('downloads in Chromium', () => {
    test('downloads the server policy, which validates against the policy schema', async () => {
      const { page } = await open('/servers/io-github-acme-files/');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[download$=".policylayer.json"]')]);
      expect(download.suggestedFilename()).toBe('io-github-acme-files.policylayer.json');
      const policy = parsePolicy(readFileSync((await download.path())!, 'utf8'), 'download');
      expect(policy.default).toBe('deny');
      expect(Object.keys(policy.tools ?? {})).toContain('read_file');
      await page.close();
    });
  });

  describe('hostile server in Chromium', () => {
    const paths = () => {
      const detail = JSON.parse(readFileSync(`${out}/api/servers/hostile-server.json`, 'utf8')) as { tools: { url: string }[] };
      return [
        '/',
        '/servers/hostile-server/',
        '/mismatches/',
        '/risks/critical/',
        '/search/?q=script',
        '/search/?q=pwned',
        '/search/?q=passwd',
        ...detail.tools.map((t) => t.url),
      ];
    };

    test('no injected code runs on any page that shows its strings', async () => {
      for (const path of paths()) {
        const { page, dialogs } = await open(path);
        if (path.startsWith('/search/')) await page.waitForSelector('#status[data-done]');
        await page.waitForTimeout(100);
        expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), path).toBeUndefined();
        expect(dialogs, path).toEqual([]);
        expect(await page.$$eval('a[href^="javascript:"]', (links) => links.length), path).toBe(0);
        await page.close();
      }
    });

    test('the hostile name is shown as text, with bidi controls made visible', async () => {
      const { page } = await open('/servers/hostile-server/');
      expect(await page.textContent('h1')).toBe(`"'><svg onload=window.__pwned=1>`);
      expect(await page.textContent('main')).toContain('⟨U+202E⟩gnp.exe');
      await page.close();
    });
  });
});
