/** classifyTool: one tool in, one explainable verdict out. Pure, deterministic, no I/O. */
import type { CapabilityTag, Classification, DeclaredAnnotations, ToolClass } from '../../data/schema/index.ts';
import { classRank, declaredOutright, readDeclared } from './annotations.ts';
import { type Evidence, type Inference, inferClass } from './infer-class.ts';
import { paramSignals } from './param-signals.ts';
import { riskFor } from './risk.ts';
import { computeTags, isBrowser } from './tags.ts';
import { textSignals } from './text-signals.ts';
import { normaliseTool, type ToolInput } from './tool-input.ts';
import { descriptionVerbs, firstSentence, nameVerbs } from './verb-phrase.ts';
import { splitName, textWords } from './words.ts';

/** What is known about the server a tool comes from (a tool named `run` on a shell server vs a test runner). */
export interface ServerContext {
  serverName?: string;
  serverDescription?: string;
  toolNames?: string[];
}

/** Options of the classifier. */
export interface ClassifyOptions {
  /** Classify as if the tool carried no annotations (to measure inference alone). */
  ignoreAnnotations?: boolean;
}

/** The classifier only reads this much of a description; poisoning findings read all of it. */
const DESCRIPTION_CAP = 1500;
const DB_WORDS =
  /\b(?:sql|postgres\w*|pg|mysql|mariadb|sqlite|mssql|oracle|clickhouse|duckdb|snowflake|bigquery|supabase|neon|cockroach\w*|redshift|tidb|planetscale|d1)\b/i;
const SERVER_WORDS_CAP = 40;

const DECLARED_NAMES: Record<ToolClass, string> = {
  read: 'readOnlyHint: true',
  write: 'destructiveHint: false',
  destructive: 'destructiveHint: true',
};

/** Words of the server's name and description, and whether it is a database server. */
interface ServerWords {
  name: string[];
  all: Set<string>;
  sql: boolean;
}

/** Server words, cached per context object: every tool of a server shares one context. */
const SERVER_CACHE = new WeakMap<ServerContext, ServerWords>();
const NO_SERVER: ServerWords = { name: [], all: new Set<string>(), sql: false };

function serverWords(context: ServerContext | undefined): ServerWords {
  if (context === undefined) return NO_SERVER;
  const cached = SERVER_CACHE.get(context);
  if (cached !== undefined) return cached;
  const computed = computeServerWords(context);
  SERVER_CACHE.set(context, computed);
  return computed;
}

function computeServerWords(context: ServerContext | undefined): ServerWords {
  const name = context?.serverName === undefined ? [] : splitName(context.serverName).slice(0, 12);
  const all = new Set(name);
  if (context?.serverDescription !== undefined)
    for (const w of textWords(context.serverDescription.slice(0, 300), SERVER_WORDS_CAP)) all.add(w);
  return { name, all, sql: name.some((w) => DB_WORDS.test(w)) };
}

/** Applies the author's annotations: evidence when ours is weak, a mismatch when they claim safer than we found. */
function applyDeclared(
  inference: Inference,
  declared: DeclaredAnnotations,
  outright: boolean,
): { cls: ToolClass; confidence: number; reasons: string[]; mismatch: string | undefined } {
  const { cls, confidence } = inference;
  const reasons = [...inference.reasons];
  if (!declared.explicit) return { cls, confidence, reasons, mismatch: undefined };
  const said = DECLARED_NAMES[declared.class];
  if (inference.weak || confidence < 0.6) {
    // Our own evidence is thin: the author's explicit hint is the best evidence there is.
    const adopted: ToolClass = declared.class === 'destructive' && !outright ? 'write' : declared.class;
    if (adopted !== cls) {
      reasons.unshift(`author declared ${said}; little else to go on`);
      return { cls: adopted, confidence: 0.6, reasons, mismatch: undefined };
    }
  }
  if (declared.class === cls) {
    reasons.push(`author declared ${said}, which agrees`);
    return { cls, confidence: Math.min(0.98, confidence + 0.03), reasons, mismatch: undefined };
  }
  if (classRank(declared.class) < classRank(cls)) {
    reasons.push(`author declared ${said}, which is safer than the evidence`);
    const mismatch = `Declared ${said} (${declared.class}), but it ${cls === 'destructive' ? 'is destructive' : 'changes state'}: ${inference.reasons[0]}.`;
    return { cls, confidence: Math.max(0.5, confidence - 0.05), reasons, mismatch };
  }
  if (outright) {
    reasons.push(`author declared ${said}, more cautious than the evidence`);
    return { cls, confidence: Math.max(0.5, confidence - 0.1), reasons, mismatch: undefined };
  }
  return { cls, confidence, reasons, mismatch: undefined };
}

/** Classifies one tool. Unknown-shaped input is tolerated; never throws. */
export function classifyTool(tool: ToolInput, context?: ServerContext, options?: ClassifyOptions): Classification {
  const t = normaliseTool(tool);
  const description = t.description.length > DESCRIPTION_CAP ? t.description.slice(0, DESCRIPTION_CAP) : t.description;
  let nameWords = splitName(t.name);
  if (nameWords.length === 0 && t.title !== '') nameWords = splitName(t.title);
  const sentence = firstSentence(description);
  const sentenceWords = textWords(sentence, 40, true);
  const server = serverWords(context);
  const text = textSignals(description);
  const sql = server.sql || text.sqlMention || DB_WORDS.test(t.name);
  const params = paramSignals(t.params, sql);
  const ev: Evidence = {
    nameWords,
    name: nameVerbs(nameWords),
    description: descriptionVerbs(sentenceWords),
    params,
    text,
    sentence: sentenceWords,
    server: server.all,
    browser: isBrowser(nameWords, server.name),
    sql,
  };
  const inference = inferClass(ev);
  const annotations = options?.ignoreAnnotations === true ? undefined : t.annotations;
  const declared = readDeclared(annotations);
  const applied = applyDeclared(inference, declared, declaredOutright(annotations, declared));
  const tags = computeTags(ev, inference, applied.cls, {
    name: nameWords,
    params: t.params,
    sentence: sentenceWords,
    serverName: server.name,
    text: `${t.name} ${sentence}`,
  });
  const risk = riskFor(applied.cls, tags, inference);
  const sortedTags = [...tags].sort() as CapabilityTag[];
  const reasons = applied.reasons.length > 0 ? applied.reasons.slice(0, 6) : ['no signal; assumed read'];
  const confidence = Math.round(applied.confidence * 100) / 100;
  // Two literals rather than a conditional spread: same key order (it shows in JSON), no temporary objects.
  if (applied.mismatch === undefined) return { class: applied.cls, risk, tags: sortedTags, reasons, declared, confidence };
  return { class: applied.cls, risk, tags: sortedTags, reasons, declared, mismatch: applied.mismatch, confidence };
}
