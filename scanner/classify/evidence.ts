/** Building the evidence the rules and the model read from one normalised tool and its server. Pure. */
import type { Evidence } from './inference.ts';
import { type Opening, openingOf } from './opening.ts';
import { paramSignals } from './param-signals.ts';
import { isBrowser } from './tags.ts';
import { textSignals } from './text-signals.ts';
import type { NormalTool } from './tool-input.ts';
import { descriptionVerbs, firstSentence, nameVerbs } from './verb-phrase.ts';
import { splitName, textWords } from './words.ts';

/** What is known about the server a tool comes from (a tool named `run` on a shell server vs a test runner). */
export interface ServerContext {
  serverName?: string;
  serverDescription?: string;
  toolNames?: string[];
}

/** The classifier only reads this much of a description; poisoning findings read all of it. */
export const DESCRIPTION_CAP = 1500;
const DB_WORDS =
  /\b(?:sql|postgres\w*|pg|mysql|mariadb|sqlite|mssql|oracle|clickhouse|duckdb|snowflake|bigquery|supabase|neon|cockroach\w*|redshift|tidb|planetscale|d1)\b/i;
const SERVER_WORDS_CAP = 40;

/** Words of the server's name and description, and whether it is a database server. */
export interface ServerWords {
  name: string[];
  all: Set<string>;
  sql: boolean;
}

/** Server words, cached per context object: every tool of a server shares one context. */
const SERVER_CACHE = new WeakMap<ServerContext, ServerWords>();
const NO_SERVER: ServerWords = { name: [], all: new Set<string>(), sql: false };

/** The words of a server's name and description (cached per context object). */
export function serverWords(context: ServerContext | undefined): ServerWords {
  if (context === undefined) return NO_SERVER;
  const cached = SERVER_CACHE.get(context);
  if (cached !== undefined) return cached;
  const name = context.serverName === undefined ? [] : splitName(context.serverName).slice(0, 12);
  const all = new Set(name);
  if (context.serverDescription !== undefined)
    for (const w of textWords(context.serverDescription.slice(0, 300), SERVER_WORDS_CAP)) all.add(w);
  const computed = { name, all, sql: name.some((w) => DB_WORDS.test(w)) };
  SERVER_CACHE.set(context, computed);
  return computed;
}

/** Evidence plus the capped description, its opening and first sentence, and the server words, which tags and features also read. */
export interface ToolEvidence {
  ev: Evidence;
  description: string;
  opening: Opening;
  /** The description's first sentence, lead-in stripped (`firstSentence`). */
  sentence: string;
  server: ServerWords;
}

/** Reads the name, description, schema and server of a normalised tool into evidence. */
export function buildEvidence(t: NormalTool, context: ServerContext | undefined): ToolEvidence {
  const description = t.description.length > DESCRIPTION_CAP ? t.description.slice(0, DESCRIPTION_CAP) : t.description;
  let nameWords = splitName(t.name);
  if (nameWords.length === 0 && t.title !== '') nameWords = splitName(t.title);
  const sentence = firstSentence(description);
  const sentenceWords = textWords(sentence, 40, true);
  const server = serverWords(context);
  const opening = openingOf(description);
  const text = textSignals(opening);
  const sql = server.sql || text.sqlMention || DB_WORDS.test(t.name);
  const ev: Evidence = {
    nameWords,
    name: nameVerbs(nameWords),
    description: descriptionVerbs(sentenceWords),
    params: paramSignals(t.params, sql),
    text,
    sentence: sentenceWords,
    server: server.all,
    browser: isBrowser(nameWords, server.name),
    sql,
  };
  return { ev, description, opening, sentence, server };
}
