/** Capability tags from the words of a tool, its parameters, its server, and the class inference. */
import type { CapabilityTag, ToolClass } from '../../data/schema/index.ts';
import type { Evidence, Inference } from './infer-class.ts';
import { NOUN_TAGS } from './lexicon.ts';
import type { ParamInfo } from './tool-input.ts';
import { baseForm, byEveryForm, splitName } from './words.ts';

const CREDENTIAL_PHRASE =
  /\benvironment variables?\b|\benv vars?\b|\bapi[ _-]?keys?\b|\baccess[ _-]?keys?\b|\bprivate[ _-]?keys?\b|\bssh[ _-]?keys?\b|\bsecret[ _-]?keys?\b|\bauth(?:entication)? tokens?\b/i;
const BULK_WORDS = new Set(['bulk', 'batch', 'all', 'multiple', 'many', 'mass', 'every']);
const BROWSER_SERVER = new Set([
  'browser',
  'playwright',
  'puppeteer',
  'chrome',
  'chromium',
  'devtools',
  'selenium',
  'webdriver',
  'browserbase',
]);
const NETWORK_VERBS = new Set(['fetch', 'scrape', 'crawl', 'navigate', 'download', 'browse', 'request', 'call']);
const WEB_WORDS = /\burls?\b|\bweb ?pages?\b|\bwebsites?\b/i;
const BULK_SENTENCE = /\b(?:multiple|bulk|batch|all)\b/;
/** Server-level words are domains, not capabilities, for these tags; they only count on tools that act. */
const ACTING_ONLY: ReadonlySet<CapabilityTag> = new Set(['messaging']);

/** Words from which noun tags are read. */
export interface TagWords {
  name: readonly string[];
  params: readonly ParamInfo[];
  sentence: readonly string[];
  serverName: readonly string[];
  /** Name + first sentence, for phrase patterns. */
  text: string;
}

/** The tag of a word or, failing that, of its base form (`repositories` -> repository), for every word that has one. */
const NOUN_TAG_FORMS = byEveryForm(NOUN_TAGS, (w) => NOUN_TAGS.get(w) ?? NOUN_TAGS.get(baseForm(w)));

function add(tags: Set<CapabilityTag>, words: readonly string[], cls: ToolClass, limit = words.length): void {
  for (let i = 0; i < words.length && i < limit; i++) {
    const tag = NOUN_TAG_FORMS.get(words[i]!);
    if (tag !== undefined && !(cls === 'read' && ACTING_ONLY.has(tag))) tags.add(tag);
  }
}

/**
 * Parameter names suggest domains, never messaging (a commit `message` sends nothing to anyone) nor credentials (a
 * `pageToken` pages, an `apiKey` authenticates the call: neither reads or changes a credential).
 */
function paramTags(tags: Set<CapabilityTag>, p: ParamInfo): void {
  const whole = NOUN_TAGS.get(p.key);
  if (whole !== undefined) {
    if (whole !== 'messaging' && whole !== 'credentials') tags.add(whole);
    return;
  }
  if (p.key === p.name) return;
  for (const w of splitName(p.name)) {
    const tag = NOUN_TAGS.get(w);
    if (tag !== undefined && tag !== 'messaging' && tag !== 'credentials') tags.add(tag);
  }
}

/** Computes the tag set. */
export function computeTags(ev: Evidence, inference: Inference, cls: ToolClass, words: TagWords): Set<CapabilityTag> {
  const tags = new Set<CapabilityTag>();
  add(tags, words.name, cls);
  for (const p of words.params) paramTags(tags, p);
  add(tags, words.sentence, cls, 24);
  add(tags, words.serverName, cls);
  if (CREDENTIAL_PHRASE.test(words.text)) tags.add('credentials');
  if (inference.exec) tags.add('exec');
  if (inference.money) tags.add('financial');
  const p = ev.params;
  if (p.sql !== undefined) tags.add('database');
  if (p.path !== undefined && !ev.browser) tags.add('filesystem');
  if (p.url !== undefined || p.httpMethod !== undefined) tags.add('network');
  const verb = ev.name.primary?.verb ?? ev.description.primary?.verb;
  if (verb !== undefined && NETWORK_VERBS.has(verb) && WEB_WORDS.test(words.text)) tags.add('network');
  if (ev.browser) tags.add('browser');
  if (cls !== 'read' && p.recipient !== undefined && p.body !== undefined) tags.add('messaging');
  if (p.flags.has('recursive') || p.bulk !== undefined || words.name.some((w) => BULK_WORDS.has(w))) tags.add('bulk');
  else if (cls !== 'read' && BULK_SENTENCE.test(words.sentence.slice(0, 8).join(' '))) tags.add('bulk');
  // A browser tool's `filename` saves a screenshot and its "files" are uploads: it is not a filesystem tool.
  if (ev.browser) tags.delete('filesystem');
  return tags;
}

/** Whether the name or server marks a browser-driving tool. */
export function isBrowser(nameWords: readonly string[], serverNameWords: readonly string[]): boolean {
  return nameWords.some((w) => BROWSER_SERVER.has(w)) || serverNameWords.some((w) => BROWSER_SERVER.has(w));
}
