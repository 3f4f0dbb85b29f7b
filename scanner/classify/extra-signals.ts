/**
 * Signals the corpus showed the rules did not read: credentials handled by a changing verb, whole-content parameters,
 * options that remove, replace or clear, enum values that overwrite, runs of jobs, state-losing closes, settings that
 * guard the agent, and verbs and read-only statements in Chinese and Japanese. Each is a feature the model weighs.
 */
import type { Evidence } from './inference.ts';
import { VERBS } from './lexicon.ts';
import { lowerPrefix, type Opening } from './opening.ts';
import type { NormalTool } from './tool-input.ts';
import { WordTable } from './word-table.ts';
import { baseForm, forEachWord, splitName } from './words.ts';

/** What the extra signals found; each field holds what the reason quotes (a word, a parameter, a phrase). */
export interface ExtraSignals {
  /** A credential noun among the objects of a changing verb (`set_secret`, `create_api_key`, `rotate_password`). */
  credentialObject: string | undefined;
  /** A parameter that carries a credential value (`secretValue`, `newPassword`, `apiKey`, `privateKey`). */
  credentialParam: string | undefined;
  /** A parameter carrying the whole content or value (`content`, `value`, `document`, `script`). */
  contentParam: string | undefined;
  /** A parameter whose name removes, detaches or clears (`removeLabelIds`, `tagsToDetach`, `clear_notes`). */
  removeParam: string | undefined;
  /** An enum value that overwrites, replaces, clears or resets (`mode: overwrite`, `updateMode: clearAllTasks`). */
  replaceValue: string | undefined;
  /** A boolean option that replaces existing content (`replace`, `replaceExisting`, `overwriteExisting`). */
  replaceFlag: string | undefined;
  /** The object run by a run/trigger verb when it is a job (`run_pipeline`, `trigger_workflow`, `rerun_job`). */
  job: string | undefined;
  /** A close/end/quit of a whole session, browser or context (its state is lost). */
  closesState: string | undefined;
  /** Text or a parameter about what guards the agent (allowed directories, blocked commands, permission modes). */
  guard: string | undefined;
  /** Kinds of the CJK verbs opening the description (`删除` delete, `查询` query), with the first of each. */
  cjk: Map<string, string> | undefined;
  /** A read-only statement in another language (只读, 読み取り専用, "solo lectura", "lecture seule"). */
  readOnlyIntl: string | undefined;
  /** A `command` parameter that names a sub-command of the tool (a router), not a shell command. */
  commandRouter: string | undefined;
  /** Kinds of the verbs the description mentions anywhere early ("Includes operations for listing, executing SQL"). */
  mentions: Map<string, string> | undefined;
}

const CREDENTIAL_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwords',
  'passphrase',
  'token',
  'tokens',
  'credential',
  'credentials',
  'apikey',
  'apikeys',
  'dsn',
  'keypair',
  'passkey',
  'totp',
  'mfa',
]);
const KEY_QUALIFIERS = new Set(['api', 'ssh', 'access', 'secret', 'private', 'signing', 'deploy', 'gpg', 'auth', 'client', 'encryption']);
const CREDENTIAL_PARAMS =
  /^(?:secret|secretvalue|password|newpassword|passphrase|apikey|apitoken|accesstoken|refreshtoken|clientsecret|privatekey|secretkey|token|authtoken|webhooksecret|encryptedkeypassword|pkcs12|accesskey|accesskeyid|secretaccesskey)$/;
const CONTENT_PARAMS = new Set([
  'content',
  'contents',
  'filecontent',
  'newcontent',
  'value',
  'values',
  'document',
  'doc',
  'script',
  'scriptcontent',
  'markdown',
  'html',
  'data',
  'spec',
  'manifest',
  'yaml',
  'config',
  'configuration',
  'body',
  'text',
  'style',
  'template',
  'definition',
  'dashboard',
  'workflow',
  'application',
  'records',
  'slides',
]);
const REMOVE_PREFIX = /^(?:remove|delete|detach|unlink|untag|unassign|clear|drop|purge|wipe|revoke|deleted|removed)[a-z]/;
const REMOVE_SUFFIX = /(?:todetach|toremove|todelete|toclear)$/;
const REPLACE_VALUES = /^(?:overwrite|replace|replaceall|clear|clearall|reset|truncate|wipe|purge|recreate|force)/;
const REPLACE_FLAGS = /^(?:replace|replaceexisting|overwriteexisting|replaceall|clearexisting|clearfirst|resetfirst|recreate|wipe)$/;
const RUN_VERBS = new Set([
  'run',
  'rerun',
  'trigger',
  'retrigger',
  'execute',
  'exec',
  'dispatch',
  'invoke',
  'call',
  'start',
  'kick',
  'launch',
]);
const JOB_OBJECTS = new Set([
  'pipeline',
  'pipelines',
  'workflow',
  'workflows',
  'job',
  'jobs',
  'build',
  'builds',
  'test',
  'tests',
  'actor',
  'actors',
  'task',
  'tasks',
  'suite',
  'migration',
  'migrations',
  'flow',
  'flows',
  'automation',
  'automations',
  'playbook',
  'assembly',
  'function',
  'functions',
  'lambda',
  'scenario',
  'scenarios',
  'agent',
  'deployment',
]);
const CLOSE_VERBS = new Set(['close', 'end', 'quit', 'exit', 'stop', 'shutdown', 'disconnect', 'logout']);
const STATE_OBJECTS = new Set(['session', 'sessions', 'browser', 'context', 'contexts', 'debugger', 'debug']);
const GUARD_TEXT =
  /\ballowed ?(?:directories|dirs|paths|commands|hosts|domains)\b|\bblocked ?commands\b|\ballowlist\b|\bpermission[- ]mode\b|\bapproval[- ]mode\b|\bread[- ]only mode\b|\bsandbox(?:ing)? mode\b|\bsecurity rules?\b|\bdangerously\b|\bskip[- ]?permissions\b/i;
const GUARD_PARAMS =
  /^(?:alloweddirectories|blockedcommands|allowedcommands|permissionmode|approvalmode|readonly|readonlymode|sandbox|sandboxmode|dangerouslyskippermissions|allowwrite|allowwrites)$/;
/** Names of tools that change settings, where guard words in the text name the setting changed. */
const SETTING_WORDS = new Set([
  'config',
  'configuration',
  'setting',
  'settings',
  'mode',
  'permission',
  'permissions',
  'preferences',
  'policy',
]);
const ROUTER = /\b(?:tool|tools|sub-?commands?|subcommands?|child|router|operation name|command name|one of)\b/i;

/** CJK verbs that open descriptions, by the kind they mean (Chinese and Japanese share most of them). */
const CJK_VERBS: readonly [string, string][] = [
  ['删除', 'destructive'],
  ['削除', 'destructive'],
  ['移除', 'destructive'],
  ['清空', 'destructive'],
  ['清除', 'destructive'],
  ['销毁', 'destructive'],
  ['撤销', 'destructive'],
  ['覆盖', 'destructive'],
  ['上書き', 'destructive'],
  ['执行', 'exec'],
  ['実行', 'exec'],
  ['运行', 'exec'],
  ['调用', 'exec'],
  ['支付', 'money'],
  ['转账', 'money'],
  ['创建', 'write'],
  ['新建', 'write'],
  ['作成', 'write'],
  ['更新', 'write'],
  ['修改', 'write'],
  ['変更', 'write'],
  ['编辑', 'write'],
  ['编集', 'write'],
  ['添加', 'write'],
  ['追加', 'write'],
  ['设置', 'write'],
  ['設定', 'write'],
  ['发送', 'write'],
  ['送信', 'write'],
  ['投稿', 'write'],
  ['上传', 'write'],
  ['部署', 'write'],
  ['发布', 'write'],
  ['管理', 'write'],
  ['写入', 'write'],
  ['登録', 'write'],
  ['查询', 'read'],
  ['查看', 'read'],
  ['获取', 'read'],
  ['取得', 'read'],
  ['列出', 'read'],
  ['一覧', 'read'],
  ['搜索', 'read'],
  ['検索', 'read'],
  ['读取', 'read'],
  ['読み', 'read'],
  ['分析', 'read'],
  ['生成', 'read'],
  ['检查', 'read'],
  ['確認', 'read'],
];
const READ_ONLY_INTL =
  /只读|仅查询|仅读取|不会修改|不修改|読み取り専用|読み取りのみ|変更しません|solo lectura|sólo lectura|lecture seule|nur lesend|schreibgeschützt|somente leitura|apenas leitura|только для чтения/i;
/** The words of READ_ONLY_INTL's ASCII alternatives, lower-cased: an ASCII text matches it only if it has one. */
const READ_ONLY_INTL_ASCII = ['solo lectura', 'lecture seule', 'nur lesend', 'leitura'];
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;
const CJK_WINDOW = 120;

function mayBeIntlReadOnly(opening: Opening): boolean {
  return !opening.ascii || READ_ONLY_INTL_ASCII.some((w) => opening.lower.includes(w));
}

function credentialObject(ev: Evidence): string | undefined {
  const hit = ev.name.primary ?? ev.description.primary;
  if (hit === undefined || hit.kind === 'read') return undefined;
  const words = hit.objects.length > 0 ? hit.objects : ev.nameWords;
  for (let i = 0; i < words.length && i < 4; i++) {
    const w = words[i]!;
    if (CREDENTIAL_WORDS.has(w)) return w;
    if ((w === 'key' || w === 'keys') && (i === 0 || KEY_QUALIFIERS.has(words[i - 1]!))) return i > 0 ? `${words[i - 1]} ${w}` : w;
  }
  return undefined;
}

function job(ev: Evidence): string | undefined {
  const words = ev.nameWords;
  for (let i = 0; i < words.length; i++) {
    if (!RUN_VERBS.has(words[i]!)) continue;
    // `run_pipeline`, `pipeline_run`, `trigger_github_workflow`: the job is next to the verb (a word or two on).
    for (const j of [i + 1, i + 2, i - 1]) {
      const w = words[j];
      if (w !== undefined && JOB_OBJECTS.has(w)) return `${words[i]} ${w}`;
    }
  }
  const d = ev.description.primary;
  if (d !== undefined && RUN_VERBS.has(d.verb)) {
    const o = d.objects.slice(0, 4).find((w) => JOB_OBJECTS.has(w));
    if (o !== undefined) return `${d.verb} ${o}`;
  }
  return undefined;
}

function closesState(ev: Evidence): string | undefined {
  const words = ev.nameWords;
  for (let i = 0; i < words.length; i++) {
    if (!CLOSE_VERBS.has(words[i]!)) continue;
    const near = [words[i + 1], words[i - 1]].find((w) => w !== undefined && STATE_OBJECTS.has(w));
    if (near !== undefined) return `${words[i]} ${near}`;
  }
  return undefined;
}

function cjkVerbs(description: string): Map<string, string> | undefined {
  const head = description.slice(0, CJK_WINDOW);
  if (!CJK.test(head)) return undefined;
  let found: Map<string, string> | undefined;
  for (const [word, kind] of CJK_VERBS) {
    if (head.includes(word) && !found?.has(kind)) {
      found ??= new Map();
      found.set(kind, word);
    }
  }
  return found;
}

const MENTION_CHARS = 400;
const MENTION_WORDS = 70;
/** Words that mention a kind of action without being verbs: "CRUD" includes delete. */
const MENTION_NOUNS = new Map([
  ['crud', 'destructive'],
  ['deletion', 'destructive'],
  ['removal', 'destructive'],
  ['execution', 'exec'],
]);

/** The lexicon verb behind a word of prose: `deletes` -> delete, `executing` -> execute, `running` -> run. */
function proseVerb(word: string): string | undefined {
  const kind = VERBS.get(word) ?? VERBS.get(baseForm(word));
  if (kind !== undefined) return kind;
  if (word.length > 5 && word.endsWith('ing')) {
    const stem = word.slice(0, -3);
    return VERBS.get(stem) ?? VERBS.get(`${stem}e`) ?? (stem.at(-1) === stem.at(-2) ? VERBS.get(stem.slice(0, -1)) : undefined);
  }
  return undefined;
}

/** Every form `proseVerb` recognises, from each lexicon verb: the verb, its `-s`/`-es`/`-ies` forms, its `-ing` forms. */
function proseForms(verb: string): string[] {
  const forms = [verb, `${verb}s`, `${verb}es`, `${verb}ing`, `${verb}${verb.at(-1)}ing`];
  if (verb.endsWith('y')) forms.push(`${verb.slice(0, -1)}ies`);
  if (verb.endsWith('e')) forms.push(`${verb.slice(0, -1)}ing`);
  return forms;
}

/**
 * Word -> the kind of action it mentions, for the words that count (not read or ambiguous): `proseVerb` and the nouns
 * above, tabulated once so each word of a description costs one look-up, made on its characters. `proseForms` covers every word `proseVerb`
 * accepts (it inverts `baseForm` and the `-ing` rules), and each entry is what `proseVerb` itself says.
 */
const MENTION_KINDS: WordTable<string> = (() => {
  const kinds = new Map<string, string>();
  const counts = (kind: string | undefined): kind is string => kind !== undefined && kind !== 'read' && kind !== 'ambiguous';
  for (const verb of VERBS.keys())
    for (const form of proseForms(verb)) {
      const kind = MENTION_NOUNS.get(form) ?? proseVerb(form);
      if (counts(kind)) kinds.set(form, kind);
    }
  for (const [noun, kind] of MENTION_NOUNS) if (counts(kind)) kinds.set(noun, kind);
  return new WordTable(kinds);
})();

/** The kinds of action the opening of a description mentions, with the first word of each. */
function mentions(opening: Opening): Map<string, string> | undefined {
  let found: Map<string, string> | undefined;
  const lower = lowerPrefix(opening, MENTION_CHARS);
  forEachWord(lower, MENTION_WORDS, (start, end) => {
    const kind = MENTION_KINDS.get(lower, start, end);
    if (kind === undefined) return;
    found ??= new Map();
    if (!found.has(kind)) found.set(kind, lower.slice(start, end));
  });
  return found;
}

/** Computes the extra signals of one tool. */
export function extraSignals(t: NormalTool, ev: Evidence, opening: Opening): ExtraSignals {
  let credentialParam: string | undefined;
  let contentParam: string | undefined;
  let removeParam: string | undefined;
  let replaceValue: string | undefined;
  let replaceFlag: string | undefined;
  let guard: string | undefined;
  let commandRouter: string | undefined;
  for (const p of t.params) {
    const k = p.key;
    if (credentialParam === undefined && CREDENTIAL_PARAMS.test(k)) credentialParam = p.name;
    if (contentParam === undefined && CONTENT_PARAMS.has(k) && p.enumValues.length === 0) contentParam = p.name;
    if (removeParam === undefined && (REMOVE_PREFIX.test(k) || REMOVE_SUFFIX.test(k))) removeParam = p.name;
    if (replaceFlag === undefined && p.type === 'boolean' && REPLACE_FLAGS.test(k)) replaceFlag = p.name;
    if (replaceValue === undefined && p.enumValues.length > 0) {
      for (const v of p.enumValues) {
        const compact = splitName(v).join('');
        if (REPLACE_VALUES.test(compact)) {
          replaceValue = `${p.name}\u0000${v}`;
          break;
        }
      }
    }
    if (guard === undefined && GUARD_PARAMS.test(k)) guard = p.name;
    if (commandRouter === undefined && (k === 'command' || k === 'subcommand') && ROUTER.test(p.description)) commandRouter = p.name;
  }
  if (guard === undefined && ev.nameWords.some((w) => SETTING_WORDS.has(w))) guard = GUARD_TEXT.exec(opening.text)?.[0];
  return {
    credentialObject: credentialObject(ev),
    credentialParam,
    contentParam,
    removeParam,
    replaceValue,
    replaceFlag,
    job: job(ev),
    closesState: closesState(ev),
    guard,
    // CJK words and most read-only statements in other languages are not ASCII: an ASCII opening skips those patterns.
    cjk: opening.ascii ? undefined : cjkVerbs(opening.text),
    readOnlyIntl: mayBeIntlReadOnly(opening) ? READ_ONLY_INTL.exec(opening.text)?.[0] : undefined,
    commandRouter,
    mentions: mentions(opening),
  };
}
