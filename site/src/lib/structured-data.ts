import type { ServerEntry, ToolEntry } from './catalogue.ts';
import type { FaqItem } from './faq.ts';
import { clip } from './text.ts';

/** One JSON-LD object (schema.org vocabulary). */
export type JsonLd = Record<string, unknown>;

/** One crumb of a page's trail (the home crumb is implied). */
export interface Crumb {
  name: string;
  /** Site-relative URL. */
  url: string;
}

const absolute = (site: string, path: string) => new URL(path, site).href;

/** `BreadcrumbList`: Home, then the page's crumbs, each a `ListItem` with position, name and absolute URL. Pure. */
export function breadcrumbList(site: string, crumbs: readonly Crumb[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [{ name: 'Home', url: '/' }, ...crumbs].map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: clip(crumb.name, 110),
      item: absolute(site, crumb.url),
    })),
  };
}

/** `WebSite` for the home page, with the search action the search page answers. Pure. */
export function webSite(site: string, description: string): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: 'MCP Atlas',
    url: absolute(site, '/'),
    description,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${absolute(site, '/search/')}?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}

function serverApp(site: string, server: ServerEntry): JsonLd {
  const { record } = server;
  const pkg = record.source.packages?.[0];
  const app: JsonLd = {
    '@type': 'SoftwareApplication',
    name: clip(server.displayName, 110),
    url: absolute(site, server.url),
    applicationCategory: 'DeveloperApplication',
    applicationSubCategory: 'MCP server',
    operatingSystem: pkg?.registryType === 'oci' ? 'Linux (container)' : 'Windows, macOS, Linux',
  };
  const version = record.packageVersion ?? record.source.version;
  if (version !== undefined) app.softwareVersion = clip(version, 60);
  // Published packages are free to install; a remote server's price is not known, so it gets no offer.
  if (pkg !== undefined) app.offers = { '@type': 'Offer', price: 0, priceCurrency: 'USD' };
  return app;
}

/** `SoftwareApplication` for a server page (the MCP server as an application). Pure. */
export function serverSoftware(site: string, server: ServerEntry, description: string): JsonLd {
  return {
    '@context': 'https://schema.org',
    ...serverApp(site, server),
    description: clip(description, 300),
    dateModified: server.record.scan.scannedAt,
    image: absolute(site, `/og/server-${server.maxRisk ?? 'unrated'}.png`),
  };
}

/** `SoftwareApplication` for a tool page: the tool, part of its server's application. Pure. */
export function toolSoftware(site: string, entry: ToolEntry, description: string, image: string): JsonLd {
  const server = serverApp(site, entry.server);
  return {
    '@context': 'https://schema.org',
    '@type': 'SoftwareApplication',
    name: clip(entry.displayName, 110),
    url: absolute(site, entry.url),
    description: clip(description, 300),
    applicationCategory: 'DeveloperApplication',
    applicationSubCategory: 'MCP tool',
    operatingSystem: server.operatingSystem,
    ...(server.offers === undefined ? {} : { offers: server.offers }),
    isPartOf: server,
    keywords: [entry.class, entry.risk && `${entry.risk} risk`, ...entry.tags].filter(Boolean).join(', '),
    dateModified: entry.server.record.scan.scannedAt,
    image: absolute(site, image),
  };
}

/** `FAQPage`: each question with its accepted answer, as plain text. Pure. */
export function faqPage(items: readonly FaqItem[]): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: items.map((item) => ({
      '@type': 'Question',
      name: item.question,
      acceptedAnswer: { '@type': 'Answer', text: item.answerText },
    })),
  };
}

/** `TechArticle` for the attack-pattern pages. Pure. */
export function techArticle(site: string, url: string, headline: string, description: string, modified?: string): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'TechArticle',
    headline: clip(headline, 110),
    description: clip(description, 300),
    url: absolute(site, url),
    ...(modified === undefined ? {} : { dateModified: modified }),
    publisher: { '@type': 'Organization', name: 'MCP Atlas', url: absolute(site, '/') },
    image: absolute(site, '/og/site.png'),
  };
}
