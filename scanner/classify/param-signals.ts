/** What a tool's input schema says about it: code-carrying parameters, URLs, money, recipients, action enums. */
import { VERBS, type VerbKind } from './lexicon.ts';
import type { ParamInfo } from './tool-input.ts';
import { splitName } from './words.ts';

/** Signals read from the input schema. Parameter names are reported as declared. */
export interface ParamSignals {
  /** A free-text parameter that carries a shell command or script (`command`, `script`). */
  command: string | undefined;
  /** A free-text parameter that may carry code (`code`, `expression`, `function`): needs corroboration. */
  code: string | undefined;
  /** A parameter that carries SQL or another query language (`sql`, or `query` described as SQL). */
  sql: string | undefined;
  /** A free-text URL parameter. */
  url: string | undefined;
  /** An HTTP method parameter allowing non-GET methods, or a free-text one. */
  httpMethod: string | undefined;
  /** An amount parameter (`amount`, `value`, `quantity` next to a recipient). */
  amount: string | undefined;
  /** A recipient parameter (`to`, `recipient`, `destination`, `address`, `channel`). */
  recipient: string | undefined;
  /** A message-body parameter (`body`, `message`, `text`, `subject`). */
  body: string | undefined;
  /** A filesystem path parameter. */
  path: string | undefined;
  /** A destination path to save into (`output_path`, `destination`, `save_to`). */
  savePath: string | undefined;
  /** Boolean flags present, by lower-cased key: force, overwrite, recursive, dryrun. */
  flags: Set<string>;
  /** A boolean option whose name deletes (`dropTarget`, `truncateFirst`, `prune`, `deleteLocalData`). */
  destructiveFlag: string | undefined;
  /** A free-text parameter whose own description says it is executed (`initScript`: "script to be executed …"). */
  executed: string | undefined;
  /** A `language`/`runtime` parameter, which next to `code` means the code is run. */
  language: string | undefined;
  /** A param holding many ids/items at once. */
  bulk: string | undefined;
  /** The most dangerous verb among an `action`/`operation` enum, with the parameter name. */
  action: { param: string; value: string; kind: VerbKind } | undefined;
  /**
   * The most dangerous operation of a nested operation list or union (`operations[].operation`, `action.type`). Weaker
   * than `action`: it decides only tools whose name and description name no verb, since item-level enums are often
   * the steps of one versioned change (a commit's file actions, a dashboard patch).
   */
  nestedAction: { param: string; value: string; kind: VerbKind } | undefined;
  /** An enum parameter offering a killing signal (`signal: ['INT', 'TERM', 'KILL']`). */
  killSignal: string | undefined;
  /** A free-text `where`/`condition` parameter: a raw clause that can match every row. */
  whereClause: string | undefined;
  /** A free-form payload parameter (`message`, `payload`, `data`, `body`), top-level or in a union member. */
  payload: string | undefined;
  /** A parameter naming some user (`userId`, `user`, `memberId`): the tool may act on another user's items. */
  user: string | undefined;
  /** A parameter that removes, detaches or clears (`removeLabelIds`, `tagsToDetach`, `delete_source`), of any type. */
  removeOption: string | undefined;
  /** An option deeper in the schema that runs code (`actions[].type: executeJavascript`, "script executed in the page"). */
  deepExec: string | undefined;
  /** Both a `key` and a `value` parameter: the tool writes a whole value at a key. */
  keyValue: boolean;
  /** A free-text manifest parameter (`manifest`, `yaml`): the tool applies whatever resource it describes. */
  manifest: string | undefined;
}

const COMMAND_KEYS = new Set(['command', 'cmd', 'commands', 'shellcommand', 'bashcommand', 'bash', 'shell', 'commandline', 'cmdline']);
const CODE_KEYS = new Set([
  'script',
  'code',
  'js',
  'javascript',
  'python',
  'expression',
  'function',
  'source',
  'snippet',
  'program',
  'pythoncode',
  'jscode',
  'eval',
]);
const SQL_KEYS = new Set(['sql', 'sqlquery', 'statement', 'sqlstatement', 'ddl', 'dml', 'cypher', 'querysql']);
const QUERY_KEYS = new Set(['query', 'q', 'querystring', 'querytext']);
const URL_KEYS = new Set([
  'url',
  'uri',
  'href',
  'link',
  'urls',
  'targeturl',
  'pageurl',
  'websiteurl',
  'endpoint',
  'webhookurl',
  'fetchurl',
]);
const METHOD_KEYS = new Set(['method', 'httpmethod', 'verb', 'requestmethod']);
const AMOUNT_KEYS = new Set(['amount', 'amountcents', 'amountinwei', 'lamports', 'wei', 'amountusd', 'amountsats', 'sats']);
const RECIPIENT_KEYS = new Set([
  'to',
  'recipient',
  'recipients',
  'toaddress',
  'destination',
  'destinationaddress',
  'address',
  'receiver',
  'payee',
  'cc',
  'bcc',
  'email',
  'emails',
  'toemail',
  'phone',
  'phonenumber',
  'channel',
  'channelid',
  'chatid',
  'destinationaccount',
]);
const BODY_KEYS = new Set(['body', 'message', 'text', 'subject', 'content', 'html', 'htmlbody', 'messagetext', 'markdown']);
const PATH_KEYS = new Set([
  'path',
  'filepath',
  'filename',
  'file',
  'directory',
  'dir',
  'folder',
  'paths',
  'sourcepath',
  'targetpath',
  'dirpath',
  'absolutepath',
  'relativepath',
  'destinationpath',
  'source',
]);
const SAVE_KEYS = new Set([
  'outputpath',
  'outputfile',
  'savepath',
  'saveto',
  'destinationpath',
  'downloadpath',
  'outputdir',
  'targetpath',
  'filepath',
  'outpath',
  'output',
]);
const BULK_KEYS = new Set(['ids', 'uids', 'items', 'entities', 'records', 'documents', 'messageids', 'emailids', 'fileids']);
const FLAG_KEYS = new Set(['force', 'overwrite', 'recursive', 'dryrun', 'confirm', 'permanent', 'hard', 'cascade', 'purge']);
const ACTION_KEYS = new Set([
  'action',
  'operation',
  'op',
  'mode',
  'command',
  'subcommand',
  'method',
  'task',
  'actiontype',
  'operationtype',
]);
/** `type`/`kind` enums are actions only when described as such ("The kind of edit to apply"). */
const KIND_KEYS = new Set(['type', 'kind', 'edittype', 'changetype']);
const KIND_AS_ACTION = /\b(?:edit|operation|action|change|perform|apply)\b/i;
const DESTRUCTIVE_FLAG = /^(?:drop|truncate|prune|purge|delete|wipe|destroy|erase)/;
const EXECUTED = /execut(?:e|ed|es)\b|evaluat(?:e|ed|es)\b|\brun\b/i;
const CODEISH = /script|code|javascript|\bjs\b|command|shell|expression|python|snippet/i;
const SQL_WORDS = /\bsql\b|\bselect\b.*\bfrom\b|\bddl\b|\bdml\b|\bstatement\b/i;
const RANK: Record<VerbKind, number> = { read: 0, ambiguous: 1, write: 2, destructive: 3, exec: 4, money: 4 };

/** The verb an enum value starts with (`delete`, `create_branch`); past participles like `build_failed` are states, not actions. */
const WHOLE = new Set(['content', 'contents', 'all', 'whole', 'entire', 'file', 'page', 'document']);

function actionKind(value: string): VerbKind | undefined {
  const words = splitName(value);
  if (words.length > 3 || words.some((w) => w.endsWith('ed'))) return undefined;
  // `replace_content`, `overwrite_all`: replacing a whole resource.
  if (words[0] === 'replace' && words.length === 2 && WHOLE.has(words[1]!)) return 'destructive';
  return words[0] === undefined ? undefined : VERBS.get(words[0]);
}
/** Parameter names that remove, detach or clear something (`removeLabelIds`, `tagsToDetach`, `clearNotes`). */
const REMOVE_PREFIX = /^(?:remove|delete|detach|unlink|untag|unassign|clear|purge|wipe|revoke)[a-z]/;
const REMOVE_SUFFIX = /(?:todetach|toremove|todelete|toclear)$/;
const WRITE_METHODS = new Set(['delete', 'post', 'put', 'patch']);
const USER_KEYS = new Set(['userid', 'user', 'username', 'memberid', 'authorid']);
const PAYLOAD_KEYS = new Set(['message', 'payload', 'data', 'body']);
const KILL_SIGNALS = new Set(['kill', 'sigkill', 'term', 'sigterm', 'sigint', 'sighup', 'int', 'hup', 'quit', 'sigquit']);
const WHERE_KEYS = new Set(['where', 'whereclause', 'condition', 'conditions', 'wheresql']);
const CODE_BODY_KEYS = new Set(['body', 'definition', 'functionbody', 'source']);
const NAME_OR_ID = /\bname\b|\bid\b/i;
/** A `command` that picks a sub-command of the tool (a router: "the command to execute against the specified tool"). */
const ROUTER = /\b(?:tool|tools|sub-?commands?|subcommands?|child|router|operation name|command name)\b/i;
const HTTP_WORDS = /http|get|post|request/i;
const FILTER_WORDS = /\bfilter|\bsort by\b|\border by\b/i;

/** Which of the key sets above a parameter key is in, as bits: one map look-up per parameter instead of fifteen. */
const K = {
  command: 1 << 0,
  code: 1 << 1,
  sql: 1 << 2,
  query: 1 << 3,
  url: 1 << 4,
  method: 1 << 5,
  amount: 1 << 6,
  recipient: 1 << 7,
  body: 1 << 8,
  path: 1 << 9,
  save: 1 << 10,
  bulk: 1 << 11,
  flag: 1 << 12,
  action: 1 << 13,
  kind: 1 << 14,
  user: 1 << 15,
  payload: 1 << 16,
  where: 1 << 17,
} as const;
const KEY_BITS = new Map<string, number>();
for (const [sets, bit] of [
  [COMMAND_KEYS, K.command],
  [CODE_KEYS, K.code],
  [SQL_KEYS, K.sql],
  [QUERY_KEYS, K.query],
  [URL_KEYS, K.url],
  [METHOD_KEYS, K.method],
  [AMOUNT_KEYS, K.amount],
  [RECIPIENT_KEYS, K.recipient],
  [BODY_KEYS, K.body],
  [PATH_KEYS, K.path],
  [SAVE_KEYS, K.save],
  [BULK_KEYS, K.bulk],
  [FLAG_KEYS, K.flag],
  [ACTION_KEYS, K.action],
  [KIND_KEYS, K.kind],
  [USER_KEYS, K.user],
  [PAYLOAD_KEYS, K.payload],
  [WHERE_KEYS, K.where],
] as const) {
  for (const key of sets) KEY_BITS.set(key, (KEY_BITS.get(key) ?? 0) | bit);
}

/** Reads the input-schema signals. `sqlContext` says the tool or server already talks about SQL. */
export function paramSignals(params: readonly ParamInfo[], sqlContext: boolean): ParamSignals {
  const s: ParamSignals = {
    command: undefined,
    code: undefined,
    sql: undefined,
    url: undefined,
    httpMethod: undefined,
    amount: undefined,
    recipient: undefined,
    body: undefined,
    path: undefined,
    savePath: undefined,
    flags: new Set(),
    destructiveFlag: undefined,
    executed: undefined,
    bulk: undefined,
    language: undefined,
    action: undefined,
    nestedAction: undefined,
    killSignal: undefined,
    whereClause: undefined,
    user: undefined,
    payload: undefined,
    removeOption: undefined,
    deepExec: undefined,
    keyValue: false,
    manifest: undefined,
  };
  let key = false;
  let value = false;
  for (const p of params) {
    const k = p.key;
    const inSets = KEY_BITS.get(k) ?? 0;
    if (k === 'key') key = true;
    else if (k === 'value') value = true;
    if (s.removeOption === undefined && (REMOVE_PREFIX.test(k) || REMOVE_SUFFIX.test(k))) s.removeOption = p.name;
    if (inSets & K.user) s.user ??= p.name;
    if (inSets & K.payload && p.enumValues.length === 0) s.payload ??= p.name;
    if (p.nestedKeys.length > 0)
      for (const nk of p.nestedKeys) {
        if (URL_KEYS.has(nk)) s.url ??= `${p.name}.${nk}`;
        if (PAYLOAD_KEYS.has(nk)) s.payload ??= `${p.name}.${nk}`;
      }
    const freeText = p.type === 'string' || p.type === '';
    const hasEnum = p.enumValues.length > 0;
    if (freeText && !hasEnum) {
      if (inSets & K.command && !NAME_OR_ID.test(p.description) && !ROUTER.test(p.description)) s.command ??= p.name;
      else if (inSets & K.code) s.code ??= p.name;
      if (inSets & K.sql) s.sql ??= p.name;
      else if (inSets & K.query && (sqlContext || SQL_WORDS.test(p.description))) s.sql ??= p.name;
      if (inSets & K.url || (k.endsWith('url') && !k.startsWith('base'))) s.url ??= p.name;
      if (inSets & K.method && HTTP_WORDS.test(p.description)) s.httpMethod ??= p.name;
      if (inSets & K.path || k.endsWith('path')) s.path ??= p.name;
      if (inSets & K.save || k.startsWith('output') || k.startsWith('save') || k.startsWith('download') || k.startsWith('dest'))
        s.savePath ??= p.name;
    }
    if (p.type === 'array' && (inSets & K.path || k.endsWith('paths'))) s.path ??= p.name;
    if (inSets & K.method && p.enumValues.some((v) => WRITE_METHODS.has(v.toLowerCase()))) {
      s.httpMethod ??= p.name;
    }
    if (inSets & K.amount && (p.type === 'number' || p.type === 'integer' || p.type === 'string')) s.amount ??= p.name;
    if (inSets & K.recipient || k.startsWith('recipient') || k.endsWith('recipient') || k.endsWith('recipients')) s.recipient ??= p.name;
    if (inSets & K.body) s.body ??= p.name;
    if (k === 'language' || k === 'lang' || k === 'runtime' || k === 'interpreter') s.language ??= p.name;
    if (p.type === 'boolean' && inSets & K.flag) s.flags.add(k);
    if (p.type === 'boolean' && DESTRUCTIVE_FLAG.test(k)) s.destructiveFlag ??= p.name;
    if (s.deepExec === undefined && p.deepActions.length > 0) {
      const hit = p.deepActions.find((v) => v.startsWith('js:') || actionKind(v) === 'exec');
      if (hit !== undefined) s.deepExec = `${p.name}: ${hit.startsWith('js:') ? hit.slice(3) : hit}`;
    }
    if (
      p.type !== 'boolean' &&
      p.type !== 'number' &&
      p.type !== 'integer' &&
      !hasEnum &&
      p.description !== '' &&
      CODEISH.test(k) &&
      EXECUTED.test(p.description) &&
      !ROUTER.test(p.description)
    )
      s.executed ??= p.name;
    if (p.type === 'array' && inSets & K.bulk) s.bulk ??= p.name;
    if (hasEnum && p.enumValues.some((v) => KILL_SIGNALS.has(v.toLowerCase()))) s.killSignal ??= p.name;
    if (freeText && !hasEnum && inSets & K.where) s.whereClause ??= p.name;
    if (freeText && !hasEnum && (k === 'manifest' || k === 'yaml' || k === 'manifestyaml')) s.manifest ??= p.name;
    // Operation lists and discriminated unions (`operations: [{ operation: 'delete' }]`): each listed operation counts.
    if (p.nestedActions.length > 0) {
      for (const value of p.nestedActions) {
        const kind = actionKind(value);
        if (kind !== undefined && (s.nestedAction === undefined || RANK[kind] > RANK[s.nestedAction.kind]))
          s.nestedAction = { param: p.name, value, kind };
      }
    }
    if (hasEnum && (inSets & K.action || (inSets & K.kind && KIND_AS_ACTION.test(p.description))) && !FILTER_WORDS.test(p.description)) {
      for (const value of p.enumValues) {
        const kind = actionKind(value);
        if (kind !== undefined && (s.action === undefined || RANK[kind] > RANK[s.action.kind])) s.action = { param: p.name, value, kind };
      }
    }
  }
  s.keyValue = key && value;
  // `body` next to a `language` parameter is code the tool installs or runs (`createFunction(body, language)`).
  if (s.code === undefined && s.language !== undefined) {
    for (const p of params)
      if (CODE_BODY_KEYS.has(p.key) && (p.type === 'string' || p.type === '') && p.enumValues.length === 0) s.code ??= p.name;
  }
  return s;
}
