import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { FIXTURE_SITE_URL, fixtureSite, readSite } from './fixture-site.ts';

/**
 * The JSON-LD of every built page, checked against the rules below. Sources (looked up for this test):
 * - schema.org: every type here is a Thing, whose `@context` is https://schema.org and `@type` names the type.
 * - Google Search Central, "Breadcrumb (BreadcrumbList) structured data": `itemListElement` required, each a
 *   `ListItem` with required `position`, `name` and `item` (the URL; may be left out only on the last item).
 * - Google Search Central, "FAQ (FAQPage, Question, Answer) structured data": `mainEntity` required (a list of
 *   `Question`); each Question requires `name` and `acceptedAnswer`; each Answer requires `text`.
 * - Google Search Central, "Software app (SoftwareApplication) structured data": `name` required and `offers.price`
 *   required (price 0 when free); `applicationCategory` and `operatingSystem` recommended. (Google's rich result also
 *   wants a rating or review; the catalogue has none to give honestly, so that part is not asserted.)
 * - schema.org/WebSite with a `SearchAction`: `target.urlTemplate` carries `{search_term_string}` and `query-input`
 *   names it (Google's sitelinks search box markup).
 * - Google Search Central, "Article (Article, NewsArticle, BlogPosting) structured data": no required properties;
 *   `headline`, `image`, `dateModified` and an author or publisher recommended.
 */
type Node = Record<string, unknown>;

const isAbsolute = (value: unknown) => typeof value === 'string' && value.startsWith(`${FIXTURE_SITE_URL}/`);
const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';

function problems(node: Node, canonical: string): string[] {
  const out: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) out.push(`${String(node['@type'])}: ${what}`);
  };
  need(node['@context'] === 'https://schema.org', '@context is https://schema.org');
  switch (node['@type']) {
    case 'BreadcrumbList': {
      const items = node.itemListElement as Node[];
      need(Array.isArray(items) && items.length >= 1, 'itemListElement is a non-empty list');
      (items ?? []).forEach((item, i) => {
        need(item['@type'] === 'ListItem', `item ${i} is a ListItem`);
        need(item.position === i + 1, `item ${i} has position ${i + 1}`);
        need(text(item.name), `item ${i} has a name`);
        need(isAbsolute(item.item) || i === items.length - 1, `item ${i} has an absolute URL`);
      });
      need(items?.at(-1)?.item === canonical, 'the last crumb is the page itself');
      break;
    }
    case 'FAQPage': {
      const questions = node.mainEntity as Node[];
      need(Array.isArray(questions) && questions.length > 0, 'mainEntity lists questions');
      for (const q of questions ?? []) {
        need(q['@type'] === 'Question' && text(q.name), 'each Question has a name');
        const answer = q.acceptedAnswer as Node | undefined;
        need(answer?.['@type'] === 'Answer' && text(answer.text), 'each Question has an acceptedAnswer with text');
        need(!String(answer?.text).includes('`'), 'answers are plain text (no backticks)');
      }
      break;
    }
    case 'SoftwareApplication': {
      need(text(node.name), 'name');
      need(text(node.applicationCategory), 'applicationCategory (recommended)');
      need(text(node.operatingSystem), 'operatingSystem (recommended)');
      need(isAbsolute(node.url), 'url is absolute');
      const offers = node.offers as Node | undefined;
      if (offers !== undefined)
        need(offers['@type'] === 'Offer' && offers.price !== undefined && text(offers.priceCurrency), 'offers has price and priceCurrency');
      if (node.isPartOf !== undefined) need(text((node.isPartOf as Node).name), 'isPartOf names the server');
      break;
    }
    case 'WebSite': {
      need(text(node.name) && isAbsolute(node.url), 'name and url');
      const action = node.potentialAction as Node;
      const template = (action?.target as Node | undefined)?.urlTemplate;
      need(typeof template === 'string' && template.includes('{search_term_string}'), 'a SearchAction urlTemplate');
      need(action?.['query-input'] === 'required name=search_term_string', 'query-input names the term');
      break;
    }
    case 'TechArticle':
      need(text(node.headline) && isAbsolute(node.image) && text((node.publisher as Node)?.name), 'headline, image and publisher');
      break;
    default:
      out.push(`unexpected type ${String(node['@type'])}`);
  }
  return out;
}

let out = '';
beforeAll(async () => {
  out = await fixtureSite();
});

describe('structured data', () => {
  test('every page carries valid JSON-LD; every page but home a breadcrumb trail', () => {
    const pages = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.html'))
      .map((e) => relative(out, join(e.parentPath, e.name)))
      .filter((f) => !f.startsWith('v0.1/'));
    const seen = new Set<string>();
    for (const file of pages) {
      const html = readSite(out, file);
      const canonical = html.match(/<link rel="canonical" href="([^"]+)"/)![1]!;
      const nodes = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Node);
      expect(nodes.length, file).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(problems(node, canonical), file).toEqual([]);
        seen.add(String(node['@type']));
      }
      if (file !== 'index.html')
        expect(
          nodes.some((n) => n['@type'] === 'BreadcrumbList'),
          file,
        ).toBe(true);
    }
    expect([...seen].sort()).toEqual(['BreadcrumbList', 'FAQPage', 'SoftwareApplication', 'TechArticle', 'WebSite']);
  });

  test('tool pages have the tool as a SoftwareApplication of its server, and their FAQ', () => {
    const html = readSite(out, 'servers/io-github-acme-files/index.html');
    expect(html).toContain('"@type":"SoftwareApplication"');
    const tool = readdirSync(join(out, 'servers/io-github-acme-files/tools')).find((d) => d.startsWith('delete-file'))!;
    const page = readSite(out, `servers/io-github-acme-files/tools/${tool}/index.html`);
    const nodes = [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!) as Node);
    const app = nodes.find((n) => n['@type'] === 'SoftwareApplication')!;
    expect(app).toMatchObject({ name: 'delete_file', applicationSubCategory: 'MCP tool', isPartOf: { name: 'Acme Files' } });
    const faq = nodes.find((n) => n['@type'] === 'FAQPage')!;
    expect((faq.mainEntity as Node[]).map((q) => q.name)).toContain('How do I block delete_file?');
  });
});
