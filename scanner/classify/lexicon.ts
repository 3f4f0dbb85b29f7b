/**
 * The words the classifier knows. Kept as plain data so docs/risk-model.md can describe it and
 * reviewers can extend it without touching the logic.
 */
import type { CapabilityTag, ToolClass } from '../../data/schema/index.ts';

/**
 * What a verb does:
 * `read`/`write`/`destructive` are direct classes; `exec` runs code, commands or queries (destructive unless shown read-only);
 * `money` moves money out (destructive, financial); `ambiguous` depends on its object and context (run, query, call, send …).
 */
export type VerbKind = ToolClass | 'exec' | 'money' | 'ambiguous';

function table(kind: VerbKind, words: string): [string, VerbKind][] {
  return words
    .trim()
    .split(/\s+/)
    .map((w): [string, VerbKind] => [w, kind]);
}

/** Verb -> kind. Base forms only (descriptions go through `baseForm` first). */
export const VERBS: ReadonlyMap<string, VerbKind> = new Map<string, VerbKind>([
  ...table(
    'read',
    `cat ls transcribe get list search find read scrape crawl aggregate describe show view fetch lookup look check inspect count retrieve browse explore analyze analyse
     summarize summarise validate verify preview print echo diff compare scan monitor   query select grep tail stat
     whoami convert format parse render calculate compute estimate translate transform explain suggest recommend think plan
     generate extract lint audit trace poll wait ping  test download export resolve return obtain 
     load open capture   sample measure detect identify discover visualize visualise   lint
     peek observe dump research ask answer confirm compress zip unzip decompress `,
  ),
  ...table(
    'write',
    `place trash expire chmod chown mkdir touch mv cp upgrade downgrade activate freeze unfreeze reverse ingest broadcast forward prepare finalize emulate
     cordon uncordon pull watch protect unapprove end interact create add insert update edit modify patch set put post reply comment upload write save store append start launch enable
     disable toggle assign unassign invite schedule book publish deploy merge push commit fork clone copy move rename archive
     unarchive restore label star unstar follow unfollow like react subscribe unsubscribe register apply approve reject close
     reopen navigate click type fill hover press drag scroll install build trigger retry rerun restart stop pause resume
     mark link attach import sync disconnect login authenticate rate vote submit transition
     upsert provision scale increment decrement refresh undo revert rollback invalidate complete finish accept decline share mention
     notify message email dispatch enqueue queue tag untag pin unpin bookmark focus resize go select_option choose upload emit
     init initialize setup configure manage make register request review    remember memorize  draft
     change replace reorder migrate checkout switch cherry squash handle 
     allow grant deny lock unlock suspend mute unmute hide unhide snooze escalate acknowledge ack send stash unread
     connect reconnect tap swipe group ungroup align distribute step continue join ping redeliver resend reauthorize
     reserve allocate unhide untrash record bootstrap rewrite refactor fix heal assign`,
  ),
  ...table(
    'destructive',
    `delete remove drop truncate destroy purge wipe erase kill terminate abort cancel revoke reset rm rmdir del uninstall
     unpublish expunge flush clear overwrite evict ban deprovision decommission undeploy shutdown empty discard prune shred unlink rebase
     rotate regenerate force obliterate nuke void unregister cleanup clean drain alter unprotect deactivate leave
     logout signout`,
  ),
  ...table('exec', 'execute exec eval run shell bash sh spawn interpret repl'),
  ...table(
    'money',
    'credit debit transfer pay withdraw refund payout charge buy sell trade swap stake unstake bridge mint burn tip donate',
  ),
  ...table('ambiguous', 'call take evaluate invoke'),
]);

/**
 * Verbs that are just as often nouns (`email_search`, `comment_create`): a later plain verb in the same name wins over them.
 */
export const NOUNISH_VERBS: ReadonlySet<string> = new Set(
  `message email comment tag label like link rate queue draft book star pin post type sample test build order charge
   trade tip bridge capture scan plan log trace audit review request note preview download export upload import monitor
   research watch pull checkout credit debit stash zip`
    .trim()
    .split(/\s+/),
);

/** Verbs that, when they are the first word of a name, mark every later verb-looking word as a noun (`get_workflow_run`). */
export const READ_LEADS: ReadonlySet<string> = new Set([...VERBS].filter(([, kind]) => kind === 'read').map(([word]) => word));

/** Objects of `run`/`execute`/`call` that make it arbitrary code execution. */
export const EXEC_OBJECTS: ReadonlySet<string> = new Set(
  `command commands cmd shell bash terminal script scripts code snippet javascript js python py node ruby sql
   statement statements expression expr eval function process program binary powershell ps1 applescript osascript
   cypher gremlin curl`
    .trim()
    .split(/\s+/),
);

/** Objects of `run`/`execute` that are arbitrary only with more evidence: SQL wording, an HTTP method, a database server. */
export const CONDITIONAL_EXEC_OBJECTS: ReadonlySet<string> = new Set(['query', 'queries', 'request', 'requests', 'api', 'http', 'graphql']);

/**
 * Objects of `run` that are a job: a pipeline, workflow, build or test suite. The rubric makes triggering a run
 * destructive (it executes project code or infrastructure steps nobody reviewed call by call).
 */
export const JOB_RUN_OBJECTS: ReadonlySet<string> = new Set(
  `test tests suite spec specs build builds workflow workflows pipeline pipelines job jobs action actions automation
   automations flow flows agent actor actors task tasks playbook playbooks formatter migration migrations assembly
   scenario scenarios function functions lambda`
    .trim()
    .split(/\s+/),
);

/** Objects of `run` whose effect is only to read: an analysis, a report, an audit, a lint or a check. */
export const READING_RUN_OBJECTS: ReadonlySet<string> = new Set(
  `lint linter check checks analysis analyses report reports benchmark benchmarks audit audits scan scans diagnostic
   diagnostics typecheck review inspection`
    .trim()
    .split(/\s+/),
);

/** Verbs that start a run of a job when their object is one (`trigger_workflow`, `rerun_job`, `dispatch_pipeline`). */
export const TRIGGER_VERBS: ReadonlySet<string> = new Set(['trigger', 'retrigger', 'rerun', 'dispatch', 'kick']);

/** Nouns that are credentials: creating, setting, rotating or deleting one is destructive by the rubric. */
export const CREDENTIAL_NOUNS: ReadonlySet<string> = new Set(
  `token tokens secret secrets password passwords passphrase credential credentials apikey apikeys sshkey certificate
   certificates dsn keypair passkey oauth`
    .trim()
    .split(/\s+/),
);

/** Nouns that, as the object of a write/send verb, move money out. */
export const MONEY_NOUNS: ReadonlySet<string> = new Set(
  `payment payments payout payouts transfer transfers fund funds money refund refunds
   eth btc sol usdc crypto wire remittance withdrawal withdrawals`
    .trim()
    .split(/\s+/),
);

/** Nouns that make a change a credential or permission change (critical). */
export const PRIVILEGE_NOUNS: ReadonlySet<string> = new Set(
  `permission permissions role roles acl acls access grant grants collaborator collaborators admin admins privilege privileges
   token tokens secret secrets password passwords credential credentials apikey sshkey certificate certificates
   policy policies iam scope scopes ownership owner owners`
    .trim()
    .split(/\s+/),
);

/** Name, parameter and description words that suggest capability tags. */
export const NOUN_TAGS: ReadonlyMap<string, CapabilityTag> = new Map<string, CapabilityTag>([
  ...tagTable('filesystem', 'file files directory directories dir dirs folder folders filesystem fs filepath filename pathname'),
  ...tagTable(
    'vcs',
    'git repo repos repository repositories branch branches commit commits pull pr prs gist gists github gitlab bitbucket fork forks merge rebase',
  ),
  ...tagTable(
    'database',
    'sql database databases db table tables collection collections postgres postgresql mysql mongo mongodb sqlite redis supabase row rows migration migrations bigquery snowflake dynamodb',
  ),
  ...tagTable('browser', 'browser browsers tab tabs dom playwright puppeteer chrome chromium webpage'),
  ...tagTable(
    'infrastructure',
    'cluster clusters pod pods container containers docker kubernetes k8s deployment deployments instance instances vm vms bucket buckets lambda ec2 s3 helm namespace namespaces terraform droplet droplets vpc aws azure gcp cloudflare dns volume volumes kubectl',
  ),
  ...tagTable(
    'identity',
    'user users member members role roles permission permissions collaborator collaborators acl iam invitation invitations invite',
  ),
  ...tagTable(
    'credentials',
    'token tokens secret secrets password passwords credential credentials apikey ssh oauth certificate certificates env',
  ),
  ...tagTable(
    'financial',
    'payment payments charge charges refund refunds invoice invoices payout payouts balance balances fund funds wallet wallets money currency bank stripe paypal billing coupon coupons price prices',
  ),
  ...tagTable(
    'messaging',
    'email emails mail gmail message messages chat sms slack dm notification notifications tweet whatsapp telegram discord inbox',
  ),
]);

function tagTable(tag: CapabilityTag, words: string): [string, CapabilityTag][] {
  return words
    .trim()
    .split(/\s+/)
    .map((w): [string, CapabilityTag] => [w, tag]);
}
