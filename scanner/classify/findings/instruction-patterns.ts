/**
 * Patterns for text aimed at the model rather than the user. Each is one category; a finding needs two categories,
 * at least one of them harmful (secrecy, secret files, redirection), so a lone "IMPORTANT:" or
 * "Before using this tool, call list_allowed_directories" never fires.
 */
import { hasAll, TRIGGER } from './triggers.ts';

/** One category of suspicious wording. */
export interface InstructionCategory {
  id: 'marker' | 'secrecy' | 'secret-file' | 'model-directive' | 'redirect';
  /** Harmful on its own terms (not merely emphatic). */
  harmful: boolean;
  pattern: RegExp;
  /**
   * A necessary condition of `pattern`, on the text's trigger words (`fieldTriggers`): every match contains these words,
   * so when it is false the pattern cannot match and ordinary text skips the slow scan. Absent: always run.
   */
  gate?: (triggers: number) => boolean;
  label: string;
}

/** The categories, strongest first (evidence comes from the first that matches). */
export const CATEGORIES: readonly InstructionCategory[] = [
  {
    id: 'secret-file',
    harmful: true,
    label: 'tells the model to read or pass on secret files',
    gate: (t) => hasAll(t, TRIGGER.secretFile),
    pattern:
      /\b(?:read|cat|open|load|include|pass|send|attach|provide|upload|copy|paste|forward|print|output|share)\b[^.\n]{0,80}(?:~\/\.ssh|\.ssh\/|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\bmcp\.json\b|claude_desktop_config|~\/\.cursor|\.aws\/credentials|\/etc\/(?:passwd|shadow)|~\/\.(?:env|npmrc|netrc|git-credentials|bash_history|zsh_history)|\bwallet\.dat\b|\bseed phrase\b|\bprivate keys?\b)|(?:~\/\.ssh|\bid_rsa\b|\bmcp\.json\b|claude_desktop_config)[^.\n]{0,60}\b(?:content|contents)\b/i,
  },
  {
    id: 'redirect',
    harmful: true,
    label: "redirects other tools' arguments",
    gate: (t) =>
      hasAll(t, TRIGGER.redirectVerb | TRIGGER.redirectQuantifier) ||
      hasAll(t, TRIGGER.redirectObject | TRIGGER.redirectChange) ||
      hasAll(t, TRIGGER.at | TRIGGER.addInclude) ||
      hasAll(t, TRIGGER.allNoun),
    pattern:
      /\b(?:send|forward|cc|bcc|copy|redirect|route)\w*\s+(?:all|every|any|each)\s+(?:of\s+the\s+)?(?:e-?mails?|messages?|mails?|transfers?|payments?|funds|requests?|data|files)\b[^.\n]{0,60}\bto\b|\b(?:change|replace|set|override|rewrite|swap)\w*\s+(?:the\s+)?(?:recipient|to[- ]address|destination(?: address)?|account number|wallet address|iban|bcc)\b[^.\n]{0,40}\b(?:to|with)\b|\ball (?:e-?mails?|messages?|payments?|transfers?) (?:must|should|will) (?:be )?(?:sent|go|routed|forwarded|redirected) to\b|\b(?:add|include)\s+\S+@\S+\s+(?:as|in)\s+(?:a\s+)?(?:bcc|cc|recipient)/i,
  },
  {
    id: 'secrecy',
    harmful: true,
    label: 'asks to hide things from the user',
    gate: (t) =>
      hasAll(t, TRIGGER.secrecyWho | TRIGGER.secrecyNot | TRIGGER.secrecyVerb) ||
      hasAll(t, TRIGGER.userMust) ||
      hasAll(t, TRIGGER.secrecyOther),
    pattern:
      /\b(?:do not|don't|never|must not|should not|without)\s+(?:ever\s+)?(?:tell|telling|inform|informing|mention|mentioning|reveal|revealing|notify|notifying|alert|alerting|disclose|disclosing|let)\b[^.\n]{0,40}\b(?:the\s+)?(?:user|human|operator)s?\b|\b(?:the\s+)?user (?:must|should) (?:not|never) (?:know|see|be told|notice|find out)\b|\bkeep (?:this|it|these instructions) (?:secret|hidden|confidential) from\b|\b(?:silently|secretly|covertly|quietly)\s+(?:send|read|include|pass|forward|upload|copy|exfiltrate|add|attach|bcc|transfer)\b|\b(?:hide|conceal)\s+(?:this|it|that)\b[^.\n]{0,30}\bfrom the user\b/i,
  },
  {
    id: 'marker',
    harmful: false,
    label: 'uses tags aimed at the model',
    pattern:
      /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|override|critical|assistant|ai|note[_ ]to[_ ](?:ai|assistant|model|llm))\b[^>]{0,40}>|\[\s*(?:system|instructions?|hidden|admin)\s*\]|<!--[\s\S]{0,400}?-->/i,
  },
  {
    id: 'model-directive',
    harmful: false,
    label: 'gives the model orders',
    pattern:
      /\bbefore (?:using|calling|invoking|you (?:use|call|invoke)) (?:this|the) tool\b|\bignore (?:all |any )?(?:the )?(?:previous|prior|above|earlier|other|system) (?:instructions|rules|prompts?|messages)\b|\b(?:you|the (?:assistant|model|ai|agent|llm)) (?:must|should|have to|need to|are required to) (?:first|always)\b|\botherwise the tool will (?:not work|fail|crash|break)\b|\bthis is (?:very |extremely |critically )?important\b|\bas an ai\b|\bnew instructions?\b/i,
  },
];
