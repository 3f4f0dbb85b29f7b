/** Finding the verbs and their objects in a tool name or in the opening words of a description. */
import { NOUNISH_VERBS, VERBS, type VerbKind } from './lexicon.ts';
import { baseForm, byEveryForm } from './words.ts';

/** A verb found in a word list, with the words that follow it (its likely object). */
export interface VerbHit {
  /** The verb in base form. */
  verb: string;
  kind: VerbKind;
  /** Following non-verb words, in order (at most six). */
  objects: string[];
}

/** What a name or sentence says it does. */
export interface VerbPhrase {
  /** The main verb, or undefined when none was recognised. */
  primary: VerbHit | undefined;
  /** Further verbs joined to it (`create_or_update`, "Create, update or delete …"), primary excluded. */
  others: VerbHit[];
}

const GENERIC_LEADS = new Set(['manage', 'handle', 'administer', 'control', 'operate', 'configure', 'perform']);
const WEAK_VERBS = new Set([
  'perform',
  'performs',
  'do',
  'does',
  'make',
  'makes',
  'conduct',
  'conducts',
  'provide',
  'provides',
  'issue',
  'issues',
]);
const CONJUNCTIONS = new Set(['or', 'and', 'then', 'plus', ',', '/']);
const MAX_OBJECTS = 6;

/** The verb a word is, in base form, with its kind: the word itself when it is a verb, else its base form. */
function lookupSlowly(word: string): readonly [string, VerbKind] | undefined {
  const direct = VERBS.get(word);
  if (direct !== undefined) return [word, direct];
  const base = baseForm(word);
  const kind = base === word ? undefined : VERBS.get(base);
  return kind === undefined ? undefined : [base, kind];
}

/** `lookupSlowly` for every word it knows, once: one map look-up per word and no base form or pair built per call. */
const VERB_FORMS = byEveryForm(VERBS, lookupSlowly);

function lookup(word: string): readonly [string, VerbKind] | undefined {
  return VERB_FORMS.get(word);
}

function objectsAfter(words: readonly string[], start: number): string[] {
  const out: string[] = [];
  for (let i = start; i < words.length && out.length < MAX_OBJECTS; i++) {
    const w = words[i]!;
    if (CONJUNCTIONS.has(w)) break;
    out.push(w);
  }
  return out;
}

/**
 * Reads the verbs of a tool name (already split into words). The first plain verb is the primary one; a verb that is
 * often a noun (`email`, `comment`) only leads when no plain verb follows. After a read verb, later verb-looking words are
 * nouns (`get_workflow_run`) unless joined by a conjunction (`get_or_create_user`).
 */
export function nameVerbs(words: readonly string[]): VerbPhrase {
  let primaryIndex = -1;
  let nounishIndex = -1;
  for (let i = 0; i < words.length; i++) {
    const hit = lookup(words[i]!);
    if (hit === undefined) continue;
    if (NOUNISH_VERBS.has(hit[0])) {
      // `post_message` is a verb; `console_messages` and a trailing `network_request` are nouns.
      if (nounishIndex < 0 && hit[0] === words[i] && i < words.length - 1) nounishIndex = i;
      continue;
    }
    primaryIndex = i;
    break;
  }
  // A two-word name ending in a verb-noun (`playwright_post`, `slack_message`) means the verb.
  if (primaryIndex < 0 && nounishIndex < 0 && words.length === 2 && lookup(words[1]!)?.[0] === words[1]) nounishIndex = 1;
  if (primaryIndex < 0) primaryIndex = nounishIndex;
  if (primaryIndex < 0) return { primary: undefined, others: [] };
  const [verb, kind] = lookup(words[primaryIndex]!)!;
  const after = objectsAfter(words, primaryIndex + 1);
  // Noun-first names (`password_update`, `workflow_run`): with nothing after the verb, its object comes before it.
  const objects = after.length === 0 && primaryIndex > 0 ? words.slice(Math.max(0, primaryIndex - MAX_OBJECTS), primaryIndex) : after;
  const primary: VerbHit = { verb, kind, objects };
  const others: VerbHit[] = [];
  for (let i = primaryIndex + 1; i < words.length; i++) {
    const hit = lookup(words[i]!);
    if (hit === undefined) continue;
    const joined = CONJUNCTIONS.has(words[i - 1]!);
    // A destructive or exec word later in a non-read name still counts (`file_force_delete`, `cache_clear_all`).
    const strong = kind !== 'read' && (hit[1] === 'destructive' || hit[1] === 'exec' || hit[1] === 'money') && !NOUNISH_VERBS.has(hit[0]);
    if (joined || strong) others.push({ verb: hit[0], kind: hit[1], objects: objectsAfter(words, i + 1) });
  }
  return { primary, others };
}

/** Openings that precede the real verb of a description: "This tool …", "Use this to …", "Allows you to …". */
const LEAD_IN =
  /^(?:\s*(?:\[[^\]]{0,40}\]|\([^)]{0,40}\)|[a-z0-9_-]{0,40}:)\s*)?(?:(?:this|the|a|an)\s+(?:tool|function|endpoint|command|method|operation)\s+(?:that\s+|which\s+|will\s+|can\s+|to\s+|lets\s+you\s+|allows\s+(?:you|the\s+\w+|users?)\s+to\s+|is\s+used\s+to\s+|helps?\s+(?:you\s+)?(?:to\s+)?)?|tool\s+(?:to|for|that)\s+|use\s+(?:this|it)\s+(?:tool\s+)?to\s+|used\s+to\s+|allows?\s+(?:you|the\s+\w+|users?|agents?)\s+to\s+|lets?\s+(?:you|the\s+\w+)\s+|can\s+be\s+used\s+to\s+|helps?\s+(?:you\s+)?(?:to\s+)?|will\s+|you\s+can\s+|we\s+|i\s+|please\s+|quickly\s+|easily\s+|simply\s+|safely\s+|directly\s+|automatically\s+)*/i;

/**
 * Reads the verb chain at the start of a description's first sentence: "Create, update or delete issues" ->
 * create (+ update, delete). Only the opening words count; verbs deep in prose are too often about something else.
 */
export function descriptionVerbs(firstSentenceWords: readonly string[]): VerbPhrase {
  const words = firstSentenceWords;
  let i = 0;
  // "Permanently removes …", "Asynchronously starts …": adverbs before the verb.
  while (i < 2 && words[i] !== undefined && words[i]!.length > 4 && words[i]!.endsWith('ly') && lookup(words[i]!) === undefined) i++;
  // "Performs a web search", "Makes an HTTP POST request": the action is the noun a few words on.
  if (words.length > 1 && WEAK_VERBS.has(words[0]!)) {
    const at = words.slice(1, 5).findIndex((w) => lookup(w) !== undefined);
    if (at >= 0) i = at + 1;
  }
  const chain: VerbHit[] = [];
  while (i < words.length && i < 12) {
    const hit = lookup(words[i]!);
    if (hit === undefined) break;
    chain.push({ verb: hit[0], kind: hit[1], objects: [] });
    i++;
    // Verb lists need a separator: "create, update or delete" is three verbs; "show commit logs" is one.
    if (words[i] === undefined || !CONJUNCTIONS.has(words[i]!)) break;
    i++;
    if (words[i] === 'or' || words[i] === 'and') i++;
  }
  if (chain.length === 0) return { primary: undefined, others: [] };
  const objects = objectsAfter(words, i);
  for (const hit of chain) hit.objects = objects;
  // "Manage users: create, update, or deactivate accounts": a generic verb announces a list further on.
  if (chain.length === 1 && GENERIC_LEADS.has(chain[0]!.verb)) {
    for (let j = i; j < words.length; j++) {
      const hit = lookup(words[j]!);
      const listed = CONJUNCTIONS.has(words[j - 1] ?? '') || CONJUNCTIONS.has(words[j + 1] ?? '');
      if (hit !== undefined && listed) chain.push({ verb: hit[0], kind: hit[1], objects: objectsAfter(words, j + 1) });
    }
  }
  return { primary: chain[0], others: chain.slice(1) };
}

const SENTENCE_END = /[.!?](?:\s|$)|\n/;

/** Strips lead-in phrases and returns the first sentence of a description (at most 300 characters). */
export function firstSentence(description: string): string {
  const head = description.slice(0, 400).trimStart().replace(LEAD_IN, '');
  const end = head.search(SENTENCE_END);
  return (end < 0 ? head : head.slice(0, end)).slice(0, 300);
}
