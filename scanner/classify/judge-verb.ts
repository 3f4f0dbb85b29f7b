/** Judging one verb (with its object, the schema and the server) into a class. */
import { type Evidence, has, type Inference, result } from './inference.ts';
import {
  CONDITIONAL_EXEC_OBJECTS,
  CREDENTIAL_NOUNS,
  EXEC_OBJECTS,
  JOB_RUN_OBJECTS,
  MONEY_NOUNS,
  PRIVILEGE_NOUNS,
  READING_RUN_OBJECTS,
  TRIGGER_VERBS,
} from './lexicon.ts';
import type { VerbHit, VerbPhrase } from './verb-phrase.ts';

const SHELL_SERVER = new Set([
  'shell',
  'terminal',
  'command',
  'commander',
  'bash',
  'exec',
  'sandbox',
  'repl',
  'ssh',
  'console',
  'python',
  'jupyter',
  'interpreter',
  'powershell',
  'cli',
]);
const TEST_SERVER = new Set(['test', 'tests', 'testing', 'ci', 'jest', 'vitest', 'pytest', 'build', 'lint', 'runner']);
const SCREENSHOT = /shot|snapshot|photo|picture|image|screen|capture|look/;
/** Verbs that hand input to whatever their object is: a terminal or REPL as object means running commands. */
const FEED_VERBS = new Set(['send', 'write', 'type', 'pass', 'pipe', 'input', 'enter', 'submit']);
/** Read verbs whose output becomes a file when there is a destination path (`download`, `compress` to `output_path`). */
const SAVING_READS = new Set(['download', 'export', 'compress', 'zip', 'unzip', 'decompress']);
/** Verbs that change records in place, where a free-text `where` clause picks which. */
const UPDATERS = new Set(['update', 'set', 'modify', 'edit', 'patch', 'upsert', 'replace']);
const HTTP_VERBS = new Set(['post', 'put', 'patch', 'delete', 'get']);
/** Objects of `run` that only compute: a model, an inference. */
const COMPUTE_OBJECTS = new Set([
  'model',
  'models',
  'inference',
  'prediction',
  'predictions',
  'completion',
  'embedding',
  'embeddings',
  'simulation',
]);
/** What `remove` takes away when it only unlinks (`remove_label`, `remove_member_from_card`). */
const ASSOCIATIONS = new Set([
  'label',
  'labels',
  'tag',
  'tags',
  'reaction',
  'reactions',
  'assignee',
  'assignees',
  'watcher',
  'watchers',
  'dependency',
  'dependencies',
  'follower',
  'followers',
  'star',
  'member_from',
  'from',
]);
/** Personal marks another user made: removing one with a `userId` removes what only that user can add back. */
const PERSONAL_MARKS = new Set(['reaction', 'reactions', 'star', 'vote', 'votes', 'like', 'likes']);
/** Verbs that write a file or resource as a whole, where "overwrite" means the old content is gone. */
const WHOLE_WRITERS = new Set([
  'write',
  'save',
  'create',
  'copy',
  'move',
  'upload',
  'import',
  'replace',
  'restore',
  'put',
  'store',
  'rename',
]);
/** Verbs that open or close a session with a credential rather than change one (`login`, `authenticate`). */
const SESSION_VERBS = new Set(['login', 'authenticate', 'connect', 'reconnect', 'verify', 'use', 'select', 'switch']);
/** What a close loses with its state: a whole session, browser or context (closing one tab or page is a write). */
const STATEFUL = new Set(['session', 'sessions', 'browser', 'context', 'contexts', 'debugger']);

/** A credential among the first objects of a verb (`set_secret`, `create_api_key`, `rotate_client_key`). */
function credentialObject(hit: VerbHit, ev: Evidence): string | undefined {
  for (let i = 0; i < hit.objects.length && i < 3; i++) {
    const w = hit.objects[i]!;
    // A token is a credential unless the tool is about crypto tokens (`create_erc20_token`, "Make a fungible token").
    if ((w === 'token' || w === 'tokens') && (ev.nameWords.some(isCoinWord) || ev.sentence.some(isCoinWord))) continue;
    if (CREDENTIAL_NOUNS.has(w)) return w;
    if ((w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(hit.objects[i - 1]!)) return `${hit.objects[i - 1]} ${w}`;
  }
  return undefined;
}

/** What a `write` only adds to (a comment, a note, a log entry) rather than replaces. */
const ADDITIVE_WRITES = new Set([
  'comment',
  'comments',
  'note',
  'notes',
  'review',
  'message',
  'messages',
  'memory',
  'memories',
  'log',
  'logs',
  'journal',
  'entry',
  'post',
  'reply',
  'diary',
  'thought',
  'thoughts',
  'observation',
  'observations',
]);

/** `create_or_update_file`, "Create or update a dashboard": an upsert replaces the whole resource when it exists. */
function upserts(hit: VerbHit, ev: Evidence): boolean {
  if (hit.verb !== 'create' && hit.verb !== 'update') return false;
  const other = hit.verb === 'create' ? 'update' : 'create';
  const joined = (phrase: VerbPhrase): boolean =>
    (phrase.primary?.verb === hit.verb || phrase.primary?.verb === other) &&
    phrase.others.some((o) => o.verb === other || o.verb === hit.verb) &&
    [phrase.primary!, ...phrase.others].some((o) => o.verb === other);
  return joined(ev.name) || joined(ev.description);
}

const COIN_WORDS = /^(?:erc\d*|trc\d*|spl|fungible|nft|nfts|coin|coins|stablecoin|crypto|contract|mint|wallet|swap|defi|token-based)$/;
function isCoinWord(w: string): boolean {
  return COIN_WORDS.test(w);
}

/** Verbs that rewrite one record whole when the description says so ("full document replacement"). */
const RECORD_REPLACERS = new Set(['update', 'set']);
/** Verbs that execute a pending trade or order (`confirm_order`, `place_order`, `submit_trade`). */
const ORDER_EXECUTORS = new Set(['confirm', 'place', 'submit']);
const TRADES = new Set(['order', 'orders', 'trade', 'trades']);
const PERSISTED_OUTPUTS = new Set([
  'link',
  'links',
  'token',
  'tokens',
  'key',
  'keys',
  'password',
  'invoice',
  'invoices',
  'url',
  'urls',
  'credential',
  'credentials',
]);
/** Verbs where a `force` flag discards data (a forced checkout drops local changes; a forced add does not). */
const FORCE_LOSES = new Set([
  'push',
  'checkout',
  'switch',
  'pull',
  'merge',
  'move',
  'copy',
  'write',
  'save',
  'sync',
  'restore',
  'replace',
  'rename',
  'upload',
  'import',
  'apply',
  'deploy',
  'reset',
  'update',
]);
/** Verbs that record money coming in (bookkeeping), which moves nothing out. */
const RECORDING = new Set(['record', 'receive', 'log', 'track', 'register']);
const REVERSIBLE_MONEY = new Set([
  'transaction',
  'transactions',
  'charge',
  'charges',
  'payment',
  'payments',
  'transfer',
  'credit',
  'debit',
]);
const ONCHAIN = new Set(['transaction', 'transactions', 'tx', 'txs', 'eth', 'sol', 'btc', 'tokens', 'token', 'crypto']);
/** Verbs that hand access to someone: a permission change whatever the object. */
const GRANTING = new Set(['share', 'grant', 'unshare', 'revoke']);
const NUMBERS = new Set(['numbers', 'two', 'integers', 'values', 'number']);
const BULK_NAME = new Set(['many', 'all', 'bulk', 'batch']);
const RESOLVABLE = new Set([
  'thread',
  'threads',
  'issue',
  'issues',
  'incident',
  'incidents',
  'alert',
  'alerts',
  'comment',
  'comments',
  'conflict',
  'conflicts',
  'discussion',
  'discussions',
  'ticket',
  'tickets',
]);
const WHOLE_FILE_OBJECTS = new Set(['file', 'files', 'document', 'documents', 'contents']);
const CALL_TARGETS = new Set([
  'api',
  'apis',
  'endpoint',
  'endpoints',
  'http',
  'https',
  'url',
  'webhook',
  'tool',
  'tools',
  'function',
  'service',
  'graphql',
  'rest',
  'request',
]);
const KEY_QUALIFIERS = new Set(['api', 'ssh', 'access', 'secret', 'private', 'signing', 'deploy', 'gpg', 'auth', 'client', 'encryption']);
/** What `select`/`use` switches to when it changes the working context rather than reading (`select_project`). */
const CONTEXTS = new Set([
  'site',
  'project',
  'database',
  'db',
  'context',
  'account',
  'workspace',
  'environment',
  'env',
  'org',
  'organization',
  'profile',
  'tab',
  'page',
  'device',
  'connection',
  'instance',
  'server',
]);
/** What a browser `clear` empties when it is only a page action. */
const INPUTS = new Set(['input', 'field', 'text', 'textbox', 'value', 'selection', 'form']);
const BROWSER_WRITES = new Set(['open', 'select', 'scroll', 'go', 'close', 'type', 'press', 'drop', 'clear']);

function privilegeObject(objects: readonly string[]): string | undefined {
  for (let i = 0; i < objects.length && i < 4; i++) {
    const w = objects[i]!;
    if (PRIVILEGE_NOUNS.has(w)) return w;
    if ((w === 'key' || w === 'keys') && i > 0 && KEY_QUALIFIERS.has(objects[i - 1]!)) return `${objects[i - 1]} ${w}`;
  }
  return undefined;
}

/** SQL run by the tool: read when the description promises read-only, otherwise destructive arbitrary SQL. */
export function sqlVerdict(ev: Evidence, why: string, base: number): Inference {
  if (ev.text.readOnlyStated !== undefined || ev.text.selectOnly || ev.text.selectQueries) {
    return result('read', base - 0.05, `${why}, described as read-only ("${ev.text.readOnlyStated ?? 'SELECT only'}")`);
  }
  return result('destructive', base, `${why}: arbitrary SQL with no read-only guarantee`, { exec: true });
}

function judgeExec(hit0: VerbHit, ev: Evidence, where: string, base: number): Inference {
  const p = ev.params;
  // Noun-first names (`workflow_execute`, `query_run`): the object comes before the verb.
  const at = ev.nameWords.indexOf(hit0.verb);
  const hit = hit0.objects.length === 0 && at > 0 ? { ...hit0, objects: ev.nameWords.slice(0, at) } : hit0;
  const compute = has(hit.objects, COMPUTE_OBJECTS);
  if (compute !== undefined && p.command === undefined && p.code === undefined)
    return result('read', base - 0.15, `${where} \`${hit.verb}\` runs a \`${compute}\`, computing only`);
  const reading = has(hit.objects.slice(0, 3), READING_RUN_OBJECTS);
  if (reading !== undefined && p.command === undefined && p.code === undefined && p.sql === undefined)
    return result('read', base - 0.15, `${where} \`${hit.verb}\` runs a \`${reading}\`, which only reads`);
  const obj = has(hit.objects, EXEC_OBJECTS);
  if (p.sql !== undefined || (obj === 'sql' && ev.sql)) return sqlVerdict(ev, `${where} \`${hit.verb}\` with SQL`, base);
  if (obj !== undefined || p.command !== undefined || p.code !== undefined) {
    const what = obj ?? p.command ?? p.code;
    return result('destructive', base, `${where} \`${hit.verb}\` runs arbitrary code or commands (\`${what}\`)`, { exec: true });
  }
  const cond = has(hit.objects, CONDITIONAL_EXEC_OBJECTS);
  if (cond !== undefined) {
    if (ev.sql) return sqlVerdict(ev, `${where} \`${hit.verb} ${cond}\` on a database`, base - 0.05);
    if (p.httpMethod !== undefined || p.url !== undefined) {
      return result('destructive', base - 0.05, `${where} \`${hit.verb} ${cond}\` sends arbitrary requests`, { exec: true });
    }
    if (cond === 'graphql') return result('destructive', base - 0.1, `${where} \`${hit.verb} graphql\` may run mutations`, { exec: true });
    return result('read', 0.6, `${where} \`${hit.verb} ${cond}\` looks like a search, not code`);
  }
  const job = has(hit.objects, JOB_RUN_OBJECTS);
  if (job !== undefined) return result('destructive', base - 0.1, `${where} \`${hit.verb}\` triggers a run of a \`${job}\``);
  const money = has(hit.objects, MONEY_NOUNS);
  if (money !== undefined) return result('destructive', base, `${where} \`${hit.verb} ${money}\` moves money`, { money: true });
  if (hit.objects.length === 0) {
    const shell = [...ev.server].find((w) => SHELL_SERVER.has(w));
    if (shell !== undefined) return result('destructive', 0.8, `bare \`${hit.verb}\` on a ${shell} server runs commands`, { exec: true });
    if (ev.sql) return sqlVerdict(ev, `bare \`${hit.verb}\` on a database server`, 0.75);
    const test = [...ev.server].find((w) => TEST_SERVER.has(w));
    if (test !== undefined) return result('destructive', 0.7, `bare \`${hit.verb}\` on a ${test} server runs the project's code`);
  }
  if (hit.verb === 'execute' || hit.verb === 'exec' || hit.verb === 'eval' || hit.verb === 'shell' || hit.verb === 'bash') {
    return result('destructive', base - 0.2, `${where} \`${hit.verb}\` executes something unspecified`, { exec: true });
  }
  return result('write', 0.55, `${where} \`${hit.verb}\` starts something (what it runs is unclear)`);
}

function judgeAmbiguous(hit: VerbHit, ev: Evidence, where: string, base: number): Inference {
  const p = ev.params;
  if (hit.verb === 'take') {
    return hit.objects.some((w) => SCREENSHOT.test(w))
      ? result('read', base, `${where} \`take\` captures a screenshot`)
      : result('write', 0.5, `${where} \`take\` with an unclear object`);
  }
  if (hit.verb === 'evaluate') {
    if (has(hit.objects, EXEC_OBJECTS) !== undefined || ev.browser || p.code !== undefined || ev.text.execWords !== undefined) {
      return result('destructive', base, `${where} \`evaluate\` runs code${ev.browser ? ' in the browser' : ''}`, { exec: true });
    }
    return result('read', 0.7, `${where} \`evaluate\` assesses something (no code)`);
  }
  // call, invoke
  if (has(hit.objects, EXEC_OBJECTS) !== undefined || p.command !== undefined) return judgeExec(hit, ev, where, base);
  const target = has(hit.objects, CALL_TARGETS);
  if (target !== undefined || p.httpMethod !== undefined) {
    return result('destructive', base - 0.1, `${where} \`${hit.verb}\` makes arbitrary calls (\`${target ?? p.httpMethod}\`)`, {
      exec: true,
    });
  }
  return result('write', 0.6, `${where} \`${hit.verb}\` triggers a deployed action`);
}

/** `jira_post(path, body)`, `playwright_put(url)`: a generic HTTP request, not one resource action. */
function genericHttp(hit: VerbHit, ev: Evidence): boolean {
  return (
    HTTP_VERBS.has(hit.verb) &&
    hit.objects.length === 0 &&
    ev.nameWords.at(-1) === hit.verb &&
    (ev.params.url !== undefined || ev.params.path !== undefined || ev.params.httpMethod !== undefined)
  );
}

function judgeWrite(hit: VerbHit, ev: Evidence, where: string, base: number): Inference {
  const p = ev.params;
  if (hit.verb === 'add' && has(hit.objects, NUMBERS) !== undefined) return result('read', base - 0.1, `${where} \`add\` computes a sum`);
  if (genericHttp(hit, ev)) {
    return result('destructive', base - 0.05, `${where} \`${hit.verb}\` sends a generic HTTP ${hit.verb.toUpperCase()} request`, {
      exec: true,
    });
  }
  const credential = credentialObject(hit, ev);
  if (credential !== undefined && !SESSION_VERBS.has(hit.verb)) {
    return result('destructive', base - 0.05, `${where} \`${hit.verb}\` changes a credential (\`${credential}\`)`, {
      privilege: true,
      credential: true,
    });
  }
  const job = TRIGGER_VERBS.has(hit.verb) ? has(hit.objects.slice(0, 3), JOB_RUN_OBJECTS) : undefined;
  if (job !== undefined) return result('destructive', base - 0.1, `${where} \`${hit.verb}\` triggers a run of a \`${job}\``);
  const state = hit.verb === 'close' || hit.verb === 'end' || hit.verb === 'quit' ? has(hit.objects.slice(0, 2), STATEFUL) : undefined;
  if (state !== undefined) return result('destructive', base - 0.1, `${where} \`${hit.verb} ${state}\` loses its state (cookies, storage)`);
  if (hit.verb === 'upsert' || (hit.verb === 'put' && !genericHttp(hit, ev))) {
    return result('destructive', base - 0.1, `${where} \`${hit.verb}\` writes a whole value, replacing what was there`);
  }
  if (hit.verb === 'reverse' && has(hit.objects.slice(0, 2), REVERSIBLE_MONEY) !== undefined)
    return result('destructive', base - 0.1, `${where} \`reverse\` moves money back`, { money: true });
  const head = RECORDING.has(hit.verb) ? undefined : hit.objects.find((w) => MONEY_NOUNS.has(w));
  if (head !== undefined && (hit.objects.at(-1) === head || p.amount !== undefined)) {
    return result('destructive', base, `${where} \`${hit.verb} ${head}\` moves money`, { money: true });
  }
  const trade = ORDER_EXECUTORS.has(hit.verb) ? has(hit.objects.slice(0, 3), TRADES) : undefined;
  if (trade !== undefined)
    return result('destructive', base - 0.1, `${where} \`${hit.verb} ${trade}\` executes a trade or order`, { money: true });
  if ((hit.verb === 'send' || hit.verb === 'submit' || hit.verb === 'broadcast') && has(hit.objects.slice(0, 2), ONCHAIN) !== undefined) {
    return result('destructive', base - 0.05, `${where} \`${hit.verb}\` submits a transaction that moves value`, { money: true });
  }
  if ((hit.verb === 'send' || hit.verb === 'transfer') && p.amount !== undefined && p.recipient !== undefined) {
    return result('destructive', base, `\`${hit.verb}\` with \`${p.amount}\` and \`${p.recipient}\` moves money`, { money: true });
  }
  if (p.sql !== undefined) return sqlVerdict(ev, `${where} \`${hit.verb}\` takes SQL (\`${p.sql}\`)`, base);
  const fed = FEED_VERBS.has(hit.verb) ? has(hit.objects, EXEC_OBJECTS) : undefined;
  if (fed !== undefined) return result('destructive', base - 0.1, `${where} \`${hit.verb}\` feeds input to a \`${fed}\``, { exec: true });
  if (hit.verb === 'write' && has(hit.objects.slice(0, 2), WHOLE_FILE_OBJECTS) !== undefined) {
    return result('destructive', base - 0.05, `${where} \`write\` replaces a whole file's content`);
  }
  // A general writer puts whole content somewhere (a file, a range, a contract's state); notes and comments only add.
  if (hit.verb === 'write' && has(hit.objects.slice(0, 2), ADDITIVE_WRITES) === undefined && ev.text.noOverwrite === undefined) {
    return result('destructive', base - 0.15, `${where} \`write\` puts whole content in place of what was there`);
  }
  if (upserts(hit, ev)) return result('destructive', base - 0.1, `${where} create-or-update replaces a whole resource when it exists`);
  if (hit.verb === 'set' && p.keyValue) return result('destructive', base - 0.1, `${where} \`set\` writes a whole value at a key`);
  if (p.manifest !== undefined) return result('destructive', base - 0.1, `${where} \`${hit.verb}\` applies a manifest (\`${p.manifest}\`)`);
  if (p.removeOption !== undefined) {
    return result('destructive', base - 0.1, `\`${hit.verb}\` offers to remove (\`${p.removeOption}\`)`);
  }
  if (p.command !== undefined) {
    return result('destructive', base, `${where} \`${hit.verb}\` with free-text \`${p.command}\` runs commands`, { exec: true });
  }
  if (WHOLE_WRITERS.has(hit.verb) && (ev.text.overwrite !== undefined || p.flags.has('overwrite'))) {
    const how = ev.text.overwrite !== undefined ? `description says "${ev.text.overwrite}"` : 'has an `overwrite` flag';
    return result('destructive', base - 0.05, `${where} \`${hit.verb}\` replaces whole resources (${how})`);
  }
  if (RECORD_REPLACERS.has(hit.verb) && ev.text.overwrite !== undefined) {
    return result(
      'destructive',
      base - 0.1,
      `${where} \`${hit.verb}\` replaces the whole record (description says "${ev.text.overwrite}")`,
    );
  }
  if (ev.text.irreversible !== undefined) return result('destructive', base - 0.05, `description says "${ev.text.irreversible}"`);
  if (p.flags.has('force') && FORCE_LOSES.has(hit.verb))
    return result('destructive', base - 0.1, `\`${hit.verb}\` with a \`force\` flag bypasses safety checks`);
  if (p.destructiveFlag !== undefined)
    return result('destructive', base - 0.1, `\`${hit.verb}\` has the option \`${p.destructiveFlag}\`, which deletes`);
  if (UPDATERS.has(hit.verb) && p.whereClause !== undefined) {
    return result('destructive', base - 0.1, `${where} \`${hit.verb}\` rewrites every row a free-text \`${p.whereClause}\` clause matches`);
  }
  if ((hit.verb === 'update' || hit.verb === 'replace' || hit.verb === 'set') && ev.nameWords.some((w) => BULK_NAME.has(w))) {
    return result('destructive', base - 0.1, `${where} \`${hit.verb}\` rewrites many records at once`);
  }
  const privilege = GRANTING.has(hit.verb) ? hit.verb : privilegeObject(hit.objects);
  const extra = privilege === undefined ? {} : { privilege: true };
  const about = privilege === undefined ? '' : GRANTING.has(hit.verb) ? ' (grants access)' : ` (changes \`${privilege}\`)`;
  return result('write', base, `${where} \`${hit.verb}\`${about}`, extra);
}

function judgeRead(hit: VerbHit, ev: Evidence, where: string, base: number): Inference {
  const p = ev.params;
  const trade = ORDER_EXECUTORS.has(hit.verb) ? has(hit.objects.slice(0, 3), TRADES) : undefined;
  if (trade !== undefined)
    return result('destructive', base - 0.1, `${where} \`${hit.verb} ${trade}\` executes a trade or order`, { money: true });
  // A read verb with an `overwrite` option writes files (`extract_archive`, `download_file`), and may replace them.
  if (p.flags.has('overwrite'))
    return result('destructive', base - 0.15, `${where} \`${hit.verb}\` writes files and has an \`overwrite\` option`);
  if (hit.verb === 'query' && (p.sql !== undefined || ev.sql)) return sqlVerdict(ev, `${where} \`query\` with SQL`, base);
  if (SAVING_READS.has(hit.verb) && p.savePath !== undefined) {
    return result('write', base - 0.15, `${where} \`${hit.verb}\` saves to \`${p.savePath}\``);
  }
  if ((hit.verb === 'fetch' || hit.verb === 'pull') && ev.nameWords.includes('git'))
    return result('write', base - 0.1, `${where} \`git ${hit.verb}\` updates the local repository`);
  const context = hit.verb === 'select' || hit.verb === 'use' ? has(hit.objects.slice(0, 2), CONTEXTS) : undefined;
  if (context !== undefined) return result('write', base - 0.1, `${where} \`${hit.verb} ${context}\` switches the working context`);
  const persisted = hit.verb === 'generate' ? has(hit.objects, PERSISTED_OUTPUTS) : undefined;
  if (persisted !== undefined) return result('write', base - 0.15, `${where} \`generate\` creates a stored \`${persisted}\``);
  if (ev.browser && BROWSER_WRITES.has(hit.verb)) return result('write', base - 0.05, `${where} \`${hit.verb}\` acts on the browser page`);
  if (hit.verb === 'resolve' && has(hit.objects, RESOLVABLE) !== undefined)
    return result('write', base - 0.05, `${where} \`resolve\` closes a ${has(hit.objects, RESOLVABLE)}`);
  return result('read', base, `${where} \`${hit.verb}\``);
}

/** Judges one verb hit. */
export function judge(hit: VerbHit, ev: Evidence, where: string, base: number): Inference {
  switch (hit.kind) {
    case 'read':
      return judgeRead(hit, ev, where, base);
    case 'write':
      return judgeWrite(hit, ev, where, base);
    case 'destructive': {
      if (
        ev.browser &&
        BROWSER_WRITES.has(hit.verb) &&
        (hit.verb !== 'clear' || has(hit.objects.slice(0, 2), INPUTS) !== undefined || hit.objects.length === 0)
      )
        return result('write', base - 0.1, `${where} \`${hit.verb}\` acts on the browser page`);
      if (genericHttp(hit, ev))
        return result('destructive', base, `${where} \`${hit.verb}\` sends a generic HTTP DELETE request`, { exec: true });
      const mark = hit.verb === 'remove' ? has(hit.objects.slice(0, 2), PERSONAL_MARKS) : undefined;
      const otherUser = mark === undefined ? undefined : ev.params.user;
      if (otherUser !== undefined) {
        return result('destructive', base - 0.1, `${where} \`remove ${mark}\` with \`${otherUser}\` deletes another user's ${mark}`);
      }
      if (hit.verb === 'remove' && (hit.objects.includes('from') || has(hit.objects.slice(0, 1), ASSOCIATIONS) !== undefined)) {
        return result('destructive', base - 0.1, `${where} \`remove\` takes \`${hit.objects.slice(0, 2).join(' ')}\` away from a resource`);
      }
      // "Move items to trash": a restorable trash is a write, whatever the name says (empty the trash is not).
      if (
        (hit.verb === 'delete' || hit.verb === 'remove' || hit.verb === 'trash') &&
        ev.text.trash !== undefined &&
        !hit.objects.includes('trash')
      )
        return result('write', base - 0.15, `${where} \`${hit.verb}\`, but the description says "${ev.text.trash}" (restorable)`);
      const privilege = privilegeObject(hit.objects) !== undefined;
      const credential = credentialObject(hit, ev) !== undefined;
      return result(
        'destructive',
        Math.min(0.95, base + 0.03),
        `${where} \`${hit.verb}\``,
        privilege || credential ? { privilege: true, credential } : {},
      );
    }
    case 'exec':
      return judgeExec(hit, ev, where, base);
    case 'money': {
      const moneyish = has(hit.objects, MONEY_NOUNS) !== undefined || ev.params.amount !== undefined || hit.verb !== 'transfer';
      return moneyish
        ? result('destructive', base, `${where} \`${hit.verb}\` moves money`, { money: true })
        : result('destructive', base - 0.15, `${where} \`${hit.verb}\` hands something over irreversibly`);
    }
    default:
      return judgeAmbiguous(hit, ev, where, base);
  }
}
