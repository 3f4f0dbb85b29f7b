import { existsSync, readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parsePolicy } from '../../policies-gen/index.ts';
import { CHROMIUM_PATH } from '../../site/scripts/chromium.ts';
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
  let atlasServer: StaticServer;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;

  beforeAll(async () => {
    server = await serveStatic(await fixtureSite('pagefind'));
    atlasServer = await serveStatic(await fixtureSite('atlas'));
    ({ context, close: closeBrowser } = await launchBrowser());
  });

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await atlasServer?.close();
  });

  /** Opens a page that records any dialog (alert/confirm/prompt) an injected payload might raise. */
  async function open(path: string, base = server.url): Promise<{ page: Page; dialogs: string[] }> {
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}${path}`);
    return { page, dialogs };
  }

  async function results(page: Page): Promise<{ title: string; risk: string | null }[]> {
    return page.$$eval('#results li', (items) =>
      items.map((li) => ({
        title: li.querySelector('a')?.textContent ?? '',
        risk: li.querySelector('.badge[class*="risk-"]')?.textContent ?? null,
      })),
    );
  }

  describe.each(['pagefind', 'atlas'] as const)('search in Chromium with the %s index', (engine) => {
    test('finds a tool, filters by risk, opens the tool page', async () => {
      const { page } = await open('/search/', engine === 'atlas' ? atlasServer.url : server.url);
      expect(await page.getAttribute('#search', 'data-engine')).toBe(engine);
      await page.waitForSelector('#search[data-ready="true"]');
      await page.fill('#q', 'delete');
      await page.waitForFunction(() => document.querySelectorAll('#results li').length > 0);
      expect((await results(page)).map((r) => r.title)).toContain('delete_file');
      if (engine === 'atlas') {
        const meta = JSON.parse(readFileSync(`${await fixtureSite('atlas')}/atlas-index/meta.json`, 'utf8')) as { split: string[] };
        expect(meta.split).toContain('fi');
        // A two-letter prefix of a split shard reads the shard and its three-letter parts.
        await page.fill('#q', 'fi');
        await page.waitForSelector('#status[data-done="?q=fi"]');
        expect((await results(page)).map((r) => r.title)).toEqual(expect.arrayContaining(['read_file', 'delete_file']));
      }

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
    const paths = async () => {
      const detail = JSON.parse(readFileSync(`${await fixtureSite()}/api/servers/hostile-server.json`, 'utf8')) as {
        tools: { url: string }[];
      };
      return [
        '/',
        '/servers/hostile-server/',
        '/mismatches/',
        '/risks/critical/',
        '/search/?q=script',
        '/search/?q=pwned',
        ...detail.tools.map((t) => t.url),
      ];
    };

    test('no injected code runs on any page that shows its strings', async () => {
      const pages = [
        ...(await paths()).map((path) => ({ path, base: server.url })),
        // The atlas index carries the same hostile names into the browser as JSON.
        ...['/search/?q=script', '/search/?q=pwned', '/search/?q=passwd'].map((path) => ({ path, base: atlasServer.url })),
      ];
      for (const { path, base } of pages) {
        const { page, dialogs } = await open(path, base);
        if (path.startsWith('/search/'))
          await page.waitForFunction(() => /result|No results/.test(document.querySelector('#status')?.textContent ?? ''));
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
