/** Infers read / write / destructive from the name, the description and the input schema (annotations excluded). */
import { classRank } from './annotations.ts';
import { type Evidence, type Inference, result } from './inference.ts';
import { judge, sqlVerdict } from './judge-verb.ts';
import type { VerbPhrase } from './verb-phrase.ts';
import { splitName } from './words.ts';

export type { Evidence, Inference } from './inference.ts';

/** Generic verbs whose description says better what they do (`manage_pods`: "Create, list or delete pods"). */
const GENERIC_VERBS = new Set([
  'manage',
  'handle',
  'configure',
  'change',
  'modify',
  'process',
  'control',
  'operate',
  'administer',
  'make',
  'interact',
]);
const MIGRATION_APPLIERS = new Set(['apply', 'complete', 'merge', 'run', 'execute', 'deploy', 'push', 'promote', 'finalize', 'commit']);

function isMigration(word: string): boolean {
  return word === 'migration' || word === 'migrations';
}

function strongest(candidates: Inference[]): Inference | undefined {
  let best: Inference | undefined;
  for (const c of candidates) {
    if (
      best === undefined ||
      classRank(c.cls) > classRank(best.cls) ||
      (c.cls === best.cls && (c.exec || c.money) && !(best.exec || best.money))
    ) {
      best = c;
    }
  }
  return best;
}

function phraseVerdict(phrase: VerbPhrase, ev: Evidence, where: string, also: string, base: number): Inference | undefined {
  if (phrase.primary === undefined) return undefined;
  const hits = [phrase.primary, ...phrase.others];
  return strongest(hits.map((h, i) => judge(h, ev, i === 0 ? where : also, base)));
}

/** Signals from the schema alone, for tools whose words say nothing. */
function paramVerdict(ev: Evidence): Inference | undefined {
  const p = ev.params;
  if (p.command !== undefined) return result('destructive', 0.75, `parameter \`${p.command}\` is a free-text command`, { exec: true });
  if (p.sql !== undefined) return sqlVerdict(ev, `parameter \`${p.sql}\` carries SQL`, 0.75);
  // Code next to a `language` parameter runs only by default, for tools whose words name no verb (`createFunction` stores it).
  const verbless = ev.name.primary === undefined && ev.description.primary === undefined;
  if (p.code !== undefined && (ev.text.execWords !== undefined || (p.language !== undefined && verbless))) {
    const why = ev.text.execWords !== undefined ? `"${ev.text.execWords}"` : `with \`${p.language}\``;
    return result('destructive', 0.75, `parameter \`${p.code}\` is code the tool runs (${why})`, { exec: true });
  }
  if (p.httpMethod !== undefined && (p.url !== undefined || p.path !== undefined)) {
    return result('destructive', 0.7, `parameters \`${p.httpMethod}\` and a URL/path send arbitrary HTTP requests`, { exec: true });
  }
  if (p.executed !== undefined) return result('destructive', 0.75, `parameter \`${p.executed}\` is code the tool executes`, { exec: true });
  if (p.amount !== undefined && p.recipient !== undefined && p.body === undefined) {
    return result('destructive', 0.65, `parameters \`${p.amount}\` and \`${p.recipient}\` move value`, { money: true });
  }
  if (p.action !== undefined)
    return judge({ verb: p.action.value, kind: p.action.kind, objects: [] }, ev, `parameter \`${p.action.param}\` allows`, 0.7);
  return undefined;
}

/** A nested operation list or union (`operations[].operation`, `action.type`) for tools whose words name no verb. */
function nestedVerdict(ev: Evidence): Inference | undefined {
  const nested = ev.params.nestedAction;
  if (nested === undefined) return undefined;
  const words = splitName(nested.value);
  const hit = { verb: words[0] ?? nested.value, kind: nested.kind, objects: words.slice(1) };
  return judge(hit, ev, `parameter \`${nested.param}\` lists the operation`, 0.8);
}

/** Infers the class. Pure and deterministic. */
export function inferClass(ev: Evidence): Inference {
  const fromName = phraseVerdict(ev.name, ev, 'name has the verb', 'name also has the verb', 0.9);
  const fromDescription = phraseVerdict(ev.description, ev, 'description opens with', 'description also lists', 0.75);
  let best = fromName ?? fromDescription ?? paramVerdict(ev) ?? nestedVerdict(ev);
  if (best === undefined) {
    if (ev.text.overwrite !== undefined) return result('destructive', 0.55, `description says "${ev.text.overwrite}"`);
    if (ev.text.irreversible !== undefined) return result('destructive', 0.6, `description says "${ev.text.irreversible}"`);
    const why =
      ev.text.readOnlyStated !== undefined
        ? `description says "${ev.text.readOnlyStated}"`
        : 'no action verb in name or description; assumed read';
    return result('read', ev.text.readOnlyStated !== undefined ? 0.7 : 0.45, why, { weak: ev.text.readOnlyStated === undefined });
  }
  const supporting: string[] = [];
  if (fromName !== undefined && fromDescription !== undefined) {
    const nameRank = classRank(fromName.cls);
    const descRank = classRank(fromDescription.cls);
    const nameVerb = ev.name.primary?.verb ?? '';
    const descLead = ev.description.primary?.kind;
    const overrides =
      GENERIC_VERBS.has(nameVerb) ||
      ev.name.primary?.kind === 'ambiguous' ||
      (fromName.cls === 'read' && (descLead === 'destructive' || descLead === 'money'));
    if (descRank > nameRank && overrides) {
      best = {
        ...fromDescription,
        confidence: Math.max(0.6, fromDescription.confidence - 0.05),
        reasons: [...fromDescription.reasons, ...fromName.reasons],
      };
    } else if (descRank === nameRank) {
      best = {
        ...best,
        confidence: Math.min(0.97, best.confidence + 0.05),
        exec: best.exec || fromDescription.exec,
        money: best.money || fromDescription.money,
      };
      supporting.push(fromDescription.reasons[0]!);
    } else {
      best = { ...best, confidence: Math.max(0.55, best.confidence - 0.15) };
      supporting.push(`but ${fromDescription.reasons[0]!}`);
    }
  }
  // Multiplexed tools: the most dangerous value of an `action` enum decides.
  const action = ev.params.action;
  if (action !== undefined && !(best.cls === 'read' && ev.text.readOnlyStated !== undefined)) {
    const viaAction = judge(
      { verb: action.value, kind: action.kind, objects: ev.name.primary?.objects ?? [] },
      ev,
      `parameter \`${action.param}\` allows`,
      0.85,
    );
    if (classRank(viaAction.cls) > classRank(best.cls)) best = { ...viaAction, reasons: [...viaAction.reasons, ...best.reasons] };
  }
  // Schema signals that outrank a mild verb: a free-text command, SQL, arbitrary HTTP, money.
  const fromParams = paramVerdict(ev);
  if (fromParams !== undefined && classRank(fromParams.cls) > classRank(best.cls) && best.cls !== 'read') {
    best = { ...fromParams, reasons: [...fromParams.reasons, ...best.reasons] };
  } else if (
    fromParams !== undefined &&
    best.cls === 'read' &&
    ev.params.command !== undefined &&
    fromParams.exec &&
    ev.text.readOnlyStated === undefined
  ) {
    // A read-looking verb with a free-text command (`open_session(command)`) still runs the command.
    best = { ...fromParams, reasons: [...fromParams.reasons, ...best.reasons] };
  } else if (
    fromParams !== undefined &&
    best.cls === 'read' &&
    ev.params.code !== undefined &&
    fromParams.exec &&
    ev.text.execWords !== undefined
  ) {
    // `inspect(js_code)` "Executes JavaScript code in the debugged process": the description says the code runs.
    best = { ...fromParams, reasons: [...fromParams.reasons, ...best.reasons] };
  } else if (fromParams !== undefined && best.cls === 'read' && fromParams.cls !== 'read') {
    supporting.push(`but ${fromParams.reasons[0]!}`);
    best = { ...best, confidence: Math.max(0.5, best.confidence - 0.2) };
  }
  // An option that runs code (a scraper's `executeJavascript` action, a page script) makes any tool destructive.
  const deep = ev.params.deepExec ?? (best.cls === 'read' ? ev.params.executed : undefined);
  if (deep !== undefined && best.cls !== 'destructive' && ev.text.readOnlyStated === undefined) {
    best = { ...best, cls: 'destructive', exec: true, reasons: [`option \`${deep}\` runs code`, ...best.reasons] };
  }
  // Applying migrations runs arbitrary DDL against a database.
  const verb = ev.name.primary?.verb ?? ev.description.primary?.verb ?? '';
  if (best.cls === 'write' && MIGRATION_APPLIERS.has(verb) && (ev.nameWords.some(isMigration) || ev.sentence.some(isMigration))) {
    best = {
      ...best,
      cls: 'destructive',
      exec: true,
      reasons: [`\`${verb}\` applies database migrations (arbitrary DDL)`, ...best.reasons],
    };
  }
  // Sending a killing signal (`signal: KILL`, "then TERM, then KILL") ends processes: destructive.
  const kill = ev.params.killSignal !== undefined ? `parameter \`${ev.params.killSignal}\` can send a kill signal` : ev.text.killSignal;
  if (best.cls === 'write' && kill !== undefined) {
    const why = ev.params.killSignal !== undefined ? kill : `description says it sends \`${kill}\` to processes`;
    best = { ...best, cls: 'destructive', reasons: [why, ...best.reasons] };
  }
  if (best.cls === 'write' && ev.text.irreversible !== undefined) {
    best = { ...best, cls: 'destructive', reasons: [`description says "${ev.text.irreversible}"`, ...best.reasons] };
  }
  return { ...best, reasons: [...best.reasons, ...supporting] };
}
