import type { Settings } from 'meilisearch';
import type { ServerRecord } from '../../data/schema/index.ts';
import { type SearchDocument, SearchDocumentSchema, searchDocuments } from '../../data/schema/search-document.ts';

/** Default Meilisearch index name; the site's search box uses it unless PUBLIC_MEILI_INDEX says otherwise. */
export const DEFAULT_INDEX = 'mcp-atlas';

/**
 * Index settings: names and descriptions searchable (names first), every filter the site offers filterable
 * (`kind`, `class`, `risk`, `tags`, `server`, …), risk and findings sortable, and riskier documents first on ties.
 */
export function meiliSettings(): Settings {
  return {
    searchableAttributes: ['name', 'title', 'description', 'server', 'tags'],
    filterableAttributes: ['kind', 'class', 'risk', 'tags', 'server', 'serverSlug', 'mismatch', 'findings', 'riskRank'],
    sortableAttributes: ['riskRank', 'findings', 'name', 'toolCount'],
    displayedAttributes: ['*'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'riskRank:desc'],
    faceting: { maxValuesPerFacet: 1000 },
    pagination: { maxTotalHits: 5000 },
  };
}

/** The Meilisearch documents of a catalogue: the shared search documents, each checked against its schema. Pure. */
export function meiliDocuments(records: readonly ServerRecord[]): SearchDocument[] {
  // JSON has no `undefined`: drop absent optional fields so documents round-trip exactly.
  return searchDocuments(records).map((doc) => JSON.parse(JSON.stringify(SearchDocumentSchema.parse(doc))) as SearchDocument);
}
