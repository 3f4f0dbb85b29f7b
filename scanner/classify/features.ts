/**
 * The model's input: one tool's signals as sparse binary features, each a stable key (`name.verb=delete`) with a detail
 * (the verb, the parameter, the phrase) that the reasons quote. Pure; the same code serves training and verdicts.
 * A key is kept in two parts, its head (`name.verb=`, a literal) and its value (`delete`), so scoring looks the parts
 * up without building the key string; `featureKeys` joins them for training.
 */
import type { ExtraSignals } from './extra-signals.ts';
import type { Evidence, Inference } from './inference.ts';
import type { VerbHit } from './verb-phrase.ts';

/**
 * Sparse binary features: the key `heads[i] + values[i]` is present, `details[i]` is what the reason for it quotes ('' when
 * nothing). A head either ends with `=` and takes a value, or is a whole key (`text.readOnly`) with the value ''.
 */
export interface Features {
  heads: string[];
  values: string[];
  details: string[];
}

/** The keys of `f` (`name.verb=delete`), in order, as the weights file and training name them. */
export function featureKeys(f: Features): string[] {
  return f.heads.map((head, i) => head + f.values[i]!);
}

/** Splits a key into its head and value: the head runs to the first `=` (values may contain `=`, heads never do). */
export function splitFeatureKey(key: string): [head: string, value: string] {
  const eq = key.indexOf('=');
  return eq < 0 ? [key, ''] : [key.slice(0, eq + 1), key.slice(eq + 1)];
}

/** Feature families, by key prefix; training can leave families out to compare designs by cross-validation. */
export const FAMILIES = ['rule', 'verb', 'object', 'nameword', 'sentword', 'param', 'action', 'text', 'server', 'extra'] as const;
/** One feature family. */
export type Family = (typeof FAMILIES)[number];

const MAX_OBJECT_FEATURES = 3;
const MAX_SENTENCE_WORDS = 12;

function push(f: Features, head: string, value: string, detail: string): void {
  f.heads.push(head);
  f.values.push(value);
  f.details.push(detail);
}

/** Heads of the verb features, per place (literals, so look-ups by them are cheap). */
const HEADS = {
  name: { verb: 'name.verb=', kind: 'name.kind=', also: 'name.also=' },
  desc: { verb: 'desc.verb=', kind: 'desc.kind=', also: 'desc.also=' },
} as const;

function verbFeatures(f: Features, where: 'name' | 'desc', hit: VerbHit | undefined, others: readonly VerbHit[]): void {
  if (hit === undefined) {
    push(f, HEADS[where].verb, 'none', '');
    return;
  }
  const heads = HEADS[where];
  push(f, heads.verb, hit.verb, hit.verb);
  push(f, heads.kind, hit.kind, hit.verb);
  for (const o of others) push(f, heads.also, o.kind, o.verb);
}

function objectFeatures(f: Features, hit: VerbHit | undefined): void {
  if (hit === undefined) return;
  const head = hit.kind === 'read' ? 'object.read=' : 'object.act=';
  for (let i = 0; i < hit.objects.length && i < MAX_OBJECT_FEATURES; i++) {
    const o = hit.objects[i]!;
    push(f, head, o, `${hit.verb} ${o}`);
  }
  const first = hit.objects[0];
  if (first !== undefined) push(f, 'object.pair=', `${hit.verb}_${first}`, `${hit.verb} ${first}`);
}

function paramFeatures(f: Features, ev: Evidence): void {
  const p = ev.params;
  const one = (key: string, name: string | undefined): void => {
    if (name !== undefined) push(f, key, '', name);
  };
  one('param.command', p.command);
  one('param.code', p.code);
  one('param.sql', p.sql);
  one('param.url', p.url);
  one('param.httpMethod', p.httpMethod);
  one('param.amount', p.amount);
  one('param.recipient', p.recipient);
  one('param.body', p.body);
  one('param.path', p.path);
  one('param.savePath', p.savePath);
  one('param.destructiveFlag', p.destructiveFlag);
  one('param.executed', p.executed);
  one('param.language', p.language);
  one('param.bulk', p.bulk);
  one('param.killSignal', p.killSignal);
  one('param.where', p.whereClause);
  one('param.payload', p.payload);
  one('param.user', p.user);
  for (const flag of p.flags) push(f, 'param.flag=', flag, flag);
  if (p.amount !== undefined && p.recipient !== undefined) push(f, 'param.amountTo', '', `${p.amount}\u0000${p.recipient}`);
}

function actionFeatures(f: Features, ev: Evidence): void {
  const a = ev.params.action;
  if (a !== undefined) {
    push(f, 'action.kind=', a.kind, `${a.param}\u0000${a.value}`);
    push(f, 'action.verb=', a.value, `${a.param}\u0000${a.value}`);
  }
  const n = ev.params.nestedAction;
  if (n !== undefined) push(f, 'nested.kind=', n.kind, `${n.param}\u0000${n.value}`);
}

function textFeatures(f: Features, ev: Evidence): void {
  const t = ev.text;
  if (t.readOnlyStated !== undefined) push(f, 'text.readOnly', '', t.readOnlyStated);
  if (t.selectOnly || t.selectQueries) push(f, 'text.selectOnly', '', 'SELECT only');
  if (t.overwrite !== undefined) push(f, 'text.overwrite', '', t.overwrite);
  if (t.irreversible !== undefined) push(f, 'text.irreversible', '', t.irreversible);
  if (t.execWords !== undefined) push(f, 'text.exec', '', t.execWords);
  if (t.sqlMention) push(f, 'text.sql', '', '');
  if (t.killSignal !== undefined) push(f, 'text.kill', '', t.killSignal);
  if (t.trash !== undefined) push(f, 'text.trash', '', t.trash);
  if (t.noOverwrite !== undefined) push(f, 'text.noOverwrite', '', t.noOverwrite);
}

function ruleFeatures(f: Features, rule: Inference): void {
  const why = rule.reasons[0] ?? '';
  push(f, 'rule=', rule.cls, why);
  if (rule.exec) push(f, 'rule.exec', '', why);
  if (rule.money) push(f, 'rule.money', '', why);
  if (rule.privilege) push(f, 'rule.privilege', '', why);
  if (rule.weak) push(f, 'rule.weak', '', why);
}

function extraFeatures(f: Features, ev: Evidence, x: ExtraSignals): void {
  const verb = ev.name.primary ?? ev.description.primary;
  const kind = verb === undefined ? 'none' : verb.kind;
  if (x.credentialObject !== undefined) push(f, 'cred.object', '', `${verb?.verb ?? ''}\u0000${x.credentialObject}`);
  if (x.credentialParam !== undefined) push(f, 'cred.param=', kind, x.credentialParam);
  if (x.contentParam !== undefined) {
    push(f, 'content.kind=', kind, x.contentParam);
    if (verb !== undefined) push(f, 'content.verb=', verb.verb, `${verb.verb}\u0000${x.contentParam}`);
  }
  if (x.removeParam !== undefined) push(f, 'option.remove', '', x.removeParam);
  if (x.replaceValue !== undefined) push(f, 'option.replaceValue', '', x.replaceValue);
  if (x.replaceFlag !== undefined) push(f, 'option.replaceFlag', '', x.replaceFlag);
  if (x.job !== undefined) push(f, 'run.job', '', x.job);
  if (x.closesState !== undefined) push(f, 'close.state', '', x.closesState);
  if (x.guard !== undefined) push(f, 'guard.kind=', kind, x.guard);
  if (x.cjk !== undefined) for (const [k, word] of x.cjk) push(f, 'cjk.kind=', k, word);
  if (x.readOnlyIntl !== undefined) push(f, 'text.readOnlyIntl', '', x.readOnlyIntl);
  if (x.commandRouter !== undefined) push(f, 'param.commandRouter', '', x.commandRouter);
  if (x.mentions !== undefined) for (const [k, word] of x.mentions) push(f, 'mention=', k, word);
}

/** Extracts the features of one tool from its evidence and the rules' inference. `skip` leaves families out. */
export function extractFeatures(ev: Evidence, rule: Inference, extra: ExtraSignals, skip?: ReadonlySet<Family>): Features {
  const f: Features = { heads: [], values: [], details: [] };
  const on = (family: Family): boolean => skip === undefined || !skip.has(family);
  if (on('rule')) ruleFeatures(f, rule);
  if (on('verb')) {
    verbFeatures(f, 'name', ev.name.primary, ev.name.others);
    verbFeatures(f, 'desc', ev.description.primary, ev.description.others);
  }
  if (on('object')) objectFeatures(f, ev.name.primary);
  if (on('nameword')) for (const w of new Set(ev.nameWords)) push(f, 'word.name=', w, w);
  if (on('sentword')) {
    const seen = new Set<string>();
    for (let i = 0; i < ev.sentence.length && seen.size < MAX_SENTENCE_WORDS; i++) {
      const w = ev.sentence[i]!;
      if (w === ',' || w === '/' || seen.has(w)) continue;
      seen.add(w);
      push(f, 'word.desc=', w, w);
    }
  }
  if (on('param')) paramFeatures(f, ev);
  if (on('action')) actionFeatures(f, ev);
  if (on('text')) textFeatures(f, ev);
  if (on('server')) {
    if (ev.sql) push(f, 'server.sql', '', '');
    if (ev.browser) push(f, 'server.browser', '', '');
  }
  if (on('extra')) extraFeatures(f, ev, extra);
  return f;
}
