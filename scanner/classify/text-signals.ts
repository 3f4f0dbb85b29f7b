/** Precompiled description patterns: negations ("does not modify"), overwrites, irreversibility, code execution. */
import type { Opening } from './opening.ts';

/** The description says the tool changes nothing. */
const READ_ONLY_STATED =
  /\bread[- ]only\b|\b(?:does|do|will) not (?:modify|change|alter|write|mutate|delete|update)\b|\b(?:doesn't|don't|won't) (?:modify|change|alter|write|mutate)\b|\bwithout (?:making |any )?(?:changes|modifications|modifying|side[- ]effects|altering|writing)\b|\bno side[- ]effects\b|\bnon[- ]destructive\b|\bonly (?:select|read) (?:queries|statements)\b|\bselect[- ]only\b|\bsafe to call\b|\bnever modif/i;
/** Only `SELECT` is allowed, said outright. */
const SELECT_ONLY = /\bonly\b[^.]{0,30}\bselect\b|\bselect\b[^.]{0,20}\bonly\b/i;
const SELECT_QUERIES = /\bselect (?:queries|statements|query)\b/i;
const WRITING_SQL = /\b(?:insert|update|delete|drop|alter|truncate|create|ddl|dml|write|writes|modify)\b/i;
const OVERWRITE =
  /\boverwrit(?:e|es|ing|ten)\b|\bcompletely replac\w*|\breplac(?:e|es|ing) (?:an? |the )?existing (?:file|document|object|record|item|entry)\b|\bfull (?:document|file|content|record) replacement\b|\b(?:it|they) will be replaced\b|\breplac(?:e|es|ing) (?:the )?(?:entire|whole) (?:file|content|contents|document|page|body)\b|\bclobber\w*/i;
const IRREVERSIBLE =
  /\bpermanently (?:delet|remov|eras|destroy|purg)\w*|\birreversibl[ey]\b|\b(?:cannot|can ?not|can't) be (?:undone|reversed|recovered|restored)\b|\bwill be (?:permanently )?lost\b/i;
const NEGATION_BEFORE = /\b(?:not|never|no|without|n't|won't|cannot|prevent\w*|avoid\w*|instead of|rather than|fails? if)\b[^.]{0,25}$/i;
const EXEC_WORDS =
  /\b(?:execut(?:e|es|ing)|run(?:s|ning)?|evaluat(?:e|es|ing)|eval|interpret(?:s|ing)?)\b[^.]{0,50}\b(?:command|script|code|javascript|js|python|shell|sql|expression|snippet|function|program)s?\b/i;
/** Signal names written as such (`INT, TERM, KILL`, `SIGKILL`): the tool kills processes. Case-sensitive on purpose. */
const KILL_SIGNAL = /\b(?:SIGKILL|SIGTERM|KILL)\b/;
const SQL_MENTION = /\bsql\b|\bpostgres|\bmysql\b|\bsqlite\b|\bt-sql\b|\bddl\b|\bdml\b/i;

/** Read-only said in another language (只读, 読み取り専用, "solo lectura", "lecture seule", "nur lesend"). */
const READ_ONLY_INTL =
  /只读|仅查询|仅读取|不会修改|不修改|不产生任何变更|読み取り専用|読み取りのみ|変更しません|solo lectura|sólo lectura|lecture seule|nur lesend|schreibgeschützt|somente leitura|apenas leitura|только для чтения/i;
const TRASH = /\b(?:to|into|in) (?:the )?(?:trash|recycle bin|bin)\b|\btrash(?:es|ed)?\b(?![- ]?(?:can|bin)? ?empt)/i;
const NO_OVERWRITE =
  /\bfails? if (?:the |a |an )?(?:\w+ )?(?:already )?exists?\b|\b(?:does|will) not overwrit\w*|\bnever overwrit\w*|\bmust not (?:already )?exist\b|\bif (?:it|the \w+) already exists?, (?:an? )?error\b/i;

function unnegated(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  if (m === null) return undefined;
  const before = text.slice(Math.max(0, m.index - 40), m.index);
  return NEGATION_BEFORE.test(before) ? undefined : m[0];
}

/** Description facts used by the class inference. */
export interface TextSignals {
  readOnlyStated: string | undefined;
  selectOnly: boolean;
  /** "Execute SELECT queries" with no word of writing SQL. */
  selectQueries: boolean;
  overwrite: string | undefined;
  irreversible: string | undefined;
  execWords: string | undefined;
  sqlMention: boolean;
  /** A signal name that kills processes (`KILL`, `SIGTERM`). */
  killSignal: string | undefined;
  /** The tool only moves things to a restorable trash ("Move items to trash"). */
  trash: string | undefined;
  /** The tool refuses to replace what exists ("Fails if the object already exists", "never overwrites"). */
  noOverwrite: string | undefined;
}

const NONE: TextSignals = {
  readOnlyStated: undefined,
  selectOnly: false,
  selectQueries: false,
  overwrite: undefined,
  irreversible: undefined,
  execWords: undefined,
  sqlMention: false,
  killSignal: undefined,
  trash: undefined,
  noOverwrite: undefined,
};

// Cheap literal gates on the lower-cased text; each full pattern runs only when its trigger words occur. Every match of
// the pattern contains one of its gate's words (gate 0 lists READ_ONLY_STATED branch by branch), so skipping is exact.
const GATES: readonly (readonly string[])[] = [
  [
    'read-only',
    'read only',
    'not modif',
    'not change',
    'not alter',
    'not write',
    'not mutate',
    'not delete',
    'not update',
    "n't modif",
    "n't change",
    "n't alter",
    "n't write",
    "n't mutate",
    'without ',
    'no side',
    'non-destructive',
    'non destructive',
    'only select',
    'only read',
    'select-only',
    'select only',
    'safe to call',
    'never modif',
  ],
  ['select'],
  ['overwrit', 'replac', 'clobber'],
  ['permanent', 'irreversib', 'undone', 'lost', 'recovered', 'reversed', 'restored'],
  ['run', 'exec', 'eval', 'interpret'],
  ['sql', 'ddl', 'dml', 'postgres', 'mysql', 'sqlite'],
  ['kill', 'sigterm'],
  ['trash', 'recycle', 'already exist', 'not overwrit', 'never overwrit', 'must not exist'],
];
const OWN_BITS = new Map<string, number>();
GATES.forEach((words, g) => {
  for (const w of words) OWN_BITS.set(w, (OWN_BITS.get(w) ?? 0) | (1 << (g + 1)));
});
/** Longest words first, so each position reports its longest trigger; its bits include those of its prefixes (`select only` carries `select`). */
const ORDERED = [...OWN_BITS.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
/** Trigger word -> its gate bits (bit g + 1 for gate g). */
const GATE_BITS = new Map<string, number>(
  ORDERED.map((w): [string, number] => {
    let bits = 0;
    for (const [other, own] of OWN_BITS) if (w.startsWith(other)) bits |= own;
    return [w, bits];
  }),
);
const ALL_GATES = (1 << (GATES.length + 1)) - 2;
/**
 * All trigger words in one pattern, so the text is scanned once instead of once per gate (a regex suits these rare
 * words over long text; the finders' common words use TriggerWords). After each hit the scan resumes one character on,
 * so overlapping triggers of different gates (`clobber` / `run`) are all seen.
 */
const TRIGGERS = new RegExp(ORDERED.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');

/** The gate bits whose trigger words occur in lower-cased `text`. */
function gateBits(lower: string): number {
  let seen = 0;
  TRIGGERS.lastIndex = 0;
  for (let m = TRIGGERS.exec(lower); m !== null; m = TRIGGERS.exec(lower)) {
    seen |= GATE_BITS.get(m[0]) ?? 0;
    if (seen === ALL_GATES) break;
    TRIGGERS.lastIndex = m.index + 1;
  }
  return seen;
}

/**
 * Runs the description patterns once. Literal gates on the text decide which regexes run, since most descriptions
 * contain none of the trigger words (this keeps the classifier fast).
 */
export function textSignals(opening: Opening): TextSignals {
  // What a tool is (read-only, overwrites, runs code) is said early; long descriptions go on about usage.
  const { text, lower } = opening;
  if (text === '') return NONE;
  const seen = gateBits(lower);
  const intl = !opening.ascii || (seen & 2) !== 0 ? READ_ONLY_INTL.exec(text)?.[0] : undefined;
  if (seen === 0 && intl === undefined) return NONE;
  return {
    readOnlyStated: (seen & 2 ? READ_ONLY_STATED.exec(text)?.[0] : undefined) ?? intl,
    // SELECT_ONLY needs `only` and `select`; `select` is gate 1's word.
    selectOnly: seen & 4 ? SELECT_ONLY.test(text) : false,
    selectQueries: seen & 4 ? SELECT_QUERIES.test(text) && !WRITING_SQL.test(text) : false,
    overwrite: seen & 8 ? unnegated(OVERWRITE, text) : undefined,
    irreversible: seen & 16 ? unnegated(IRREVERSIBLE, text) : undefined,
    execWords: seen & 32 ? EXEC_WORDS.exec(text)?.[0] : undefined,
    sqlMention: seen & 64 ? SQL_MENTION.test(text) : false,
    killSignal: seen & 128 ? KILL_SIGNAL.exec(text)?.[0] : undefined,
    trash: seen & 256 ? TRASH.exec(text)?.[0] : undefined,
    noOverwrite: seen & 256 ? NO_OVERWRITE.exec(text)?.[0] : undefined,
  };
}
