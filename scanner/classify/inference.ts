/** The evidence the class inference reads, the verdict it returns, and small helpers shared by its parts. */
import type { ToolClass } from '../../data/schema/index.ts';
import type { ParamSignals } from './param-signals.ts';
import type { TextSignals } from './text-signals.ts';
import type { VerbPhrase } from './verb-phrase.ts';

/** Everything the inference reads, computed once per tool. */
export interface Evidence {
  nameWords: string[];
  name: VerbPhrase;
  description: VerbPhrase;
  params: ParamSignals;
  text: TextSignals;
  /** Words of the server name and description (lower case). */
  server: ReadonlySet<string>;
  /** Words of the description's first sentence. */
  sentence: readonly string[];
  /** The tool drives a browser (name or server). */
  browser: boolean;
  /** The tool or its server talks about SQL or a database. */
  sql: boolean;
}

/** A class verdict before annotations, with what decided it. */
export interface Inference {
  cls: ToolClass;
  confidence: number;
  reasons: string[];
  exec: boolean;
  money: boolean;
  privilege: boolean;
  /** Creates, sets, rotates or deletes a credential (a password, a token, an API key, a webhook secret). */
  credential: boolean;
  /** No verb and no decisive parameter: the verdict is a guess. */
  weak: boolean;
}

/** Builds an inference with one reason. */
export function result(cls: ToolClass, confidence: number, reason: string, extra: Partial<Inference> = {}): Inference {
  return { cls, confidence, reasons: [reason], exec: false, money: false, privilege: false, credential: false, weak: false, ...extra };
}

/** The first of `objects` in `set`, if any. */
export function has(objects: readonly string[], set: ReadonlySet<string>): string | undefined {
  return objects.find((w) => set.has(w));
}
