/** Pushing the catalogue to Meilisearch: pure document/settings builders plus the push itself. */
export { SearchIndexError, type SearchIndexErrorCode } from './errors.ts';
export { loadRecords } from './load-records.ts';
export { DEFAULT_INDEX, meiliDocuments, meiliSettings } from './meili-settings.ts';
export { type PushOptions, pushToMeili } from './push-to-meili.ts';
