// Takes the README screenshots (home page and a tool page, light and dark) into docs/screenshots/ from a site
// built from data/ (or, while data/servers is empty, from the site test fixture), in Debian's Chromium.
// Run: node site/scripts/screenshots.ts [--data-dir DIR]
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite } from './build-site.ts';
import { launchChromium } from './chromium.ts';
import { serveStatic } from './serve.ts';

const repo = new URL('../../', import.meta.url).pathname;
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, tool: { type: 'string' } } });
const real = join(repo, 'data');
const hasData = existsSync(join(real, 'servers')) && readdirSync(join(real, 'servers')).some((f) => f.endsWith('.json'));
const dataDir = values['data-dir'] ?? (hasData ? real : join(repo, 'test/fixtures/site-data'));
const work = mkdtempSync(join(tmpdir(), 'atlas-shots-'));
const shots = join(repo, 'docs/screenshots');
mkdirSync(shots, { recursive: true });
try {
  // Built for a site URL (any): a local build would show its banner in every screenshot.
  await buildSite({ dataDir, outDir: work, search: 'pagefind', siteUrl: 'https://atlas.example' });
  const api = JSON.parse(readFileSync(join(work, 'api/servers.json'), 'utf8')) as { servers: { api: string; toolCount: number }[] };
  // The tool page shown: --tool URL, else the first high-risk tool with a plain identifier for a name.
  let toolUrl = values.tool;
  if (toolUrl === undefined) {
    const tools = api.servers.flatMap(
      (s) => (JSON.parse(readFileSync(join(work, s.api), 'utf8')) as { tools: { name: string; url: string; risk?: string }[] }).tools,
    );
    const plain = tools.filter((t) => /^[A-Za-z][A-Za-z0-9_.-]*$/.test(t.name));
    toolUrl = (plain.find((t) => t.risk === 'high') ?? plain[0] ?? tools[0])?.url ?? '/';
  }
  const server = await serveStatic(work);
  const { context, close: closeBrowser } = await launchChromium('atlas-shots-chromium-', { viewport: { width: 1280, height: 1000 } });
  try {
    const page = await context.newPage();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const suffix = scheme === 'light' ? '' : '-dark';
      await page.goto(`${server.url}/`);
      await page.screenshot({ path: join(shots, `home${suffix}.png`) });
      await page.goto(`${server.url}${toolUrl}`);
      await page.screenshot({ path: join(shots, `tool-page${suffix}.png`) });
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${server.url}${toolUrl}`);
    await page.screenshot({ path: join(shots, 'tool-page-phone.png') });
    process.stdout.write(`screenshots of / and ${toolUrl} in docs/screenshots/\n`);
  } finally {
    await closeBrowser();
    await server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
