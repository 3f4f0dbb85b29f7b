/**
 * One scan of a text field for the literal words the finding patterns need. Each finding pattern is slow to run over
 * long descriptions and almost never matches; every match of it contains certain words, so when those words are absent
 * the pattern is skipped. Finding the words for all patterns in one pass is what keeps findings fast.
 */
import { TriggerWords } from '../trigger-words.ts';

/** Trigger families; each is a bit in the result of `fieldTriggers`. The comments name the pattern branch each serves. */
export const TRIGGER = {
  /** Secret-file paths: `~/.ssh`, `id_rsa`, `mcp.json`, `.aws/credentials`, private keys. */
  secretFile: 1 << 0,
  /** Redirect, "send all emails to": the verb (send, forward, cc, copy, redirect, route). */
  redirectVerb: 1 << 1,
  /** Redirect, "send all emails to": the quantifier (all, every, any, each). */
  redirectQuantifier: 1 << 2,
  /** Redirect, "change the recipient to": the object (recipient, address, destination, account number, iban, bcc). */
  redirectObject: 1 << 3,
  /** Redirect, "change the recipient to": the verb (change, replace, set, override, rewrite, swap). */
  redirectChange: 1 << 4,
  /** Redirect, "add x@y as bcc": the `@`. */
  at: 1 << 5,
  /** Redirect, "add x@y as bcc": add or include. */
  addInclude: 1 << 6,
  /** Redirect, "all emails must be sent to": "all " followed by the noun's first letter. */
  allNoun: 1 << 7,
  /** Secrecy, "do not tell the user": who (user, human, operator). */
  secrecyWho: 1 << 8,
  /** Secrecy, "do not tell the user": the negation (not, n't, never, without). */
  secrecyNot: 1 << 9,
  /** Secrecy, "do not tell the user": the verb (tell, inform, mention, reveal, notify, alert, disclose, let). */
  secrecyVerb: 1 << 10,
  /** Secrecy, "the user must not know". */
  userMust: 1 << 11,
  /** Secrecy, other wordings: keep, silently, secretly, covertly, quietly, hide, conceal. */
  secrecyOther: 1 << 12,
  /** `tool` or `function`: a reference to a named tool. */
  toolWord: 1 << 13,
  /** Shadowing, "all other tools". */
  otherWord: 1 << 14,
  /** Shadowing, "another server's tools". */
  serverWord: 1 << 15,
  /** Shadowing, "overrides the existing tools": override, replace, precedence, shadow. */
  replaceWord: 1 << 16,
  /** Shadowing, "when you use the X tool": when, time (every/each time), before, after. */
  whenUsing: 1 << 17,
  /** Shadowing, "when you use the X tool": the verb (use, call, invoke, run). */
  whenVerb: 1 << 18,
} as const;

const WORDS: Record<keyof typeof TRIGGER, readonly string[]> = {
  secretFile: [
    'ssh',
    'id_',
    'mcp.json',
    'claude_desktop_config',
    '.cursor',
    '.aws/credentials',
    '/etc/',
    '~/.',
    'wallet.dat',
    'seed phrase',
    'private key',
  ],
  redirectVerb: ['send', 'forward', 'cc', 'copy', 'redirect', 'route'],
  redirectQuantifier: ['all', 'every', 'any', 'each'],
  redirectObject: ['recipient', 'address', 'destination', 'account number', 'iban', 'bcc'],
  redirectChange: ['change', 'replace', 'set', 'override', 'rewrite', 'swap'],
  at: ['@'],
  addInclude: ['add', 'include'],
  allNoun: ['all e', 'all m', 'all p', 'all t'],
  secrecyWho: ['user', 'human', 'operator'],
  secrecyNot: ['not', "n't", 'never', 'without'],
  secrecyVerb: ['tell', 'inform', 'mention', 'reveal', 'notif', 'alert', 'disclos', 'let'],
  userMust: ['user must', 'user should'],
  secrecyOther: ['keep', 'silently', 'secretly', 'covertly', 'quietly', 'hide', 'conceal'],
  toolWord: ['tool', 'function'],
  otherWord: ['other'],
  serverWord: ['server'],
  replaceWord: ['overrid', 'replac', 'precedence', 'shadow'],
  whenUsing: ['when', 'time', 'before', 'after'],
  whenVerb: ['use', 'using', 'call', 'invok', 'run'],
};

/** Whether every family in `families` was seen. */
export function hasAll(triggers: number, families: number): boolean {
  return (triggers & families) === families;
}

const FAMILIES = Object.keys(TRIGGER) as (keyof typeof TRIGGER)[];
const SCANNER = new TriggerWords(FAMILIES.map((family) => WORDS[family]));
/** Scanner family i is TRIGGER[FAMILIES[i]]; the TRIGGER bits are 1 << i in declaration order, checked here once. */
for (const [i, family] of FAMILIES.entries()) if (TRIGGER[family] !== 1 << i) throw new Error(`TRIGGER.${family} out of order`);

/** The trigger families whose words occur in `text`, case-insensitively (ASCII case, as the patterns' `/i` reads it). */
export function fieldTriggers(text: string): number {
  return SCANNER.scan(text.toLowerCase());
}
