/**
 * Made-up credentials for servers that refuse to list their tools without one. Scans run offline, so a placeholder
 * never reaches a real service: a server that only checks that its token is set lists its tools, one that calls its
 * API first fails with `needs_network`. Pure: text in, placeholders out.
 */

/** What a retry should add to the server's start: environment values, flags, stub files. */
export interface Placeholders {
  /** Variable name -> placeholder value. */
  env: Record<string, string>;
  /** Flags and their placeholder values, in order (`--token`, `placeholder-…`). */
  args: string[];
  /** Stub files to create: path relative to the scratch folder -> contents. */
  files: Record<string, string>;
  /** What got a placeholder, by name (`API_KEY`, `--token`, `file:credentials.json`), for the record. */
  names: string[];
}

/** The placeholder for a secret: long enough for length checks, obviously fake, the same on every run. */
export const PLACEHOLDER_SECRET = 'mcp-atlas-placeholder-0000000000000000';

/** Placeholder shapes some servers check before they call anything (prefix checks are common). */
const KNOWN_SHAPES: ReadonlyArray<[RegExp, string]> = [
  [/SLACK.*BOT_TOKEN/, 'xoxb-0000000000-0000000000000-mcpatlasplaceholder'],
  [/SLACK.*(USER|XOXP)/, 'xoxp-0000000000-0000000000000-mcpatlasplaceholder'],
  [/OPENAI.*KEY/, 'sk-mcpatlasplaceholder000000000000000000000000'],
  [/ANTHROPIC.*KEY/, 'sk-ant-mcpatlasplaceholder0000000000000000000'],
  [/GITHUB.*(TOKEN|PAT)/, 'ghp_mcpatlasplaceholder000000000000000000'],
  [/GITLAB.*TOKEN/, 'glpat-mcpatlasplaceholder0000'],
  [/STRIPE.*KEY/, 'sk_test_mcpatlasplaceholder0000000000000000'],
  [/NOTION.*(TOKEN|KEY)/, 'ntn_mcpatlasplaceholder00000000000000000000'],
  [/LINEAR.*KEY/, 'lin_api_mcpatlasplaceholder0000000000000000'],
  [/AWS_ACCESS_KEY_ID/, 'AKIAMCPATLASPLACEHOLD'],
  [/AWS_SECRET_ACCESS_KEY/, 'mcpatlasplaceholder0000000000000000000000'],
  [/(_|^)REGION$/, 'us-east-1'],
];

/** A placeholder value for an environment variable, shaped by its name (URLs, hosts, ports, emails, ids, secrets). */
export function placeholderFor(name: string): string {
  const upper = name.toUpperCase();
  for (const [pattern, value] of KNOWN_SHAPES) if (pattern.test(upper)) return value;
  if (/(_URL|_URI|ENDPOINT|BASE_URL|_SERVER|INSTANCE)$/.test(upper)) return 'http://127.0.0.1:9/';
  if (/(_HOST|HOSTNAME)$/.test(upper)) return '127.0.0.1';
  if (/_PORT$/.test(upper)) return '9';
  if (/EMAIL|_USER(NAME)?$|LOGIN$/.test(upper)) return 'placeholder@example.invalid';
  if (/DOMAIN$|SITE$|SUBDOMAIN$/.test(upper)) return 'example.invalid';
  if (/(_ID|_ORG|_ORGANIZATION|_WORKSPACE|_PROJECT|_TEAM|_ACCOUNT|_TENANT)$/.test(upper)) return 'placeholder';
  return PLACEHOLDER_SECRET;
}

/** Names that say "a path" whatever they hold (`BRAVE_API_KEY_FILE` is a file holding the key, not the key). */
const ALWAYS_A_PATH = /(_FILE|_FILENAME|_KEYFILE|_PATH)$/;
/** Names that are a file path unless they also name a secret (`GITHUB_TOKEN_JSON` is a value, not a path). */
const MAYBE_A_PATH = /(CREDENTIALS|_JSON|_KEYS)$/;
const SECRET_VALUE = /TOKEN|API_KEY|SECRET$/;

/** Whether a variable's value is a file path (so it gets a stub file) rather than the value itself. */
export function isFileVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return ALWAYS_A_PATH.test(upper) || (MAYBE_A_PATH.test(upper) && !SECRET_VALUE.test(upper));
}

/** Stub contents for a credential file, by its name: OAuth client files get the shape Google's libraries read. */
export function stubFileContents(fileName: string): string {
  if (/service.?account|application_credentials/i.test(fileName)) {
    return `${JSON.stringify({ type: 'service_account', project_id: 'placeholder', client_email: 'placeholder@example.invalid', private_key: '' })}\n`;
  }
  if (/oauth|client_secret|credentials|keys|gcp|google|gmail|calendar|drive/i.test(fileName)) {
    const client = {
      client_id: 'placeholder.apps.googleusercontent.com',
      client_secret: PLACEHOLDER_SECRET,
      redirect_uris: ['http://127.0.0.1:9/'],
    };
    return `${JSON.stringify({ installed: client, web: client })}\n`;
  }
  if (/kube/i.test(fileName)) return KUBECONFIG_STUB;
  if (/\.json$/i.test(fileName)) return '{}\n';
  return `${PLACEHOLDER_SECRET}\n`;
}

const KUBECONFIG_STUB = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: placeholder, cluster: {server: "https://127.0.0.1:9"}}]',
  'users: [{name: placeholder, user: {token: placeholder}}]',
  'contexts: [{name: placeholder, context: {cluster: placeholder, user: placeholder}}]',
  'current-context: placeholder',
  '',
].join('\n');

/** Flags that carry a credential, as usage and error texts name them. */
const CREDENTIAL_FLAG =
  /(?<![\w-])(--?(?:[a-z]+-)*(?:token|access-token|api-?key|apikey|secret|password|pat|auth|key|client-?id|client-?secret)s?)\b/gi;
/** A line that says an option is missing or required (commander, yargs, clipanion, hand-written checks). */
const FLAG_ASKING = /required|missing|must (?:be )?(?:provide|pass|specif|set)|not specified|please (?:provide|pass|specify)|is needed/i;

/** Credential flags the server's usage or error text asks for (`--token`, `--access-token`, `--api-key`, …), first mention first. */
export function credentialFlags(text: string | undefined): string[] {
  if (text === undefined) return [];
  const found = new Set<string>();
  for (const line of text.slice(-20_000).split(/\r?\n/)) {
    if (!FLAG_ASKING.test(line)) continue;
    for (const [, flag] of line.matchAll(CREDENTIAL_FLAG)) if (flag !== undefined && flag.length <= 40) found.add(flag.toLowerCase());
  }
  return [...found];
}

/** Any other option a usage or error text says is required (commander's `required option '--x <v>' not specified`). */
export function requiredOptions(text: string | undefined): string[] {
  if (text === undefined) return [];
  const found = new Set<string>();
  for (const [, flag] of text.slice(-20_000).matchAll(/required option '(--?[A-Za-z][\w-]{0,38})/g))
    if (flag !== undefined) found.add(flag);
  for (const [, name] of text.slice(-20_000).matchAll(/Missing required arguments?: ([A-Za-z][\w-]{0,38})/g))
    if (name !== undefined) found.add(`--${name}`);
  return [...found];
}

/** Files under the scratch HOME that the server tried to open and did not find (`ENOENT … '<home>/.x/keys.json'`). */
export function missingHomeFiles(text: string | undefined, home: string): string[] {
  if (text === undefined || home === '') return [];
  const found = new Set<string>();
  const escaped = home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`ENOENT[^'"\\n]*['"]${escaped}/([^'"\\n]{1,200})['"]`, 'g');
  for (const [, relative] of text.slice(-20_000).matchAll(pattern)) {
    if (relative === undefined || relative.split('/').some((part) => part === '..' || part === '')) continue;
    found.add(relative);
  }
  return [...found];
}

/**
 * Placeholders for what a failed start asked for: every credential variable (named in its error text or declared
 * required), credential flags and required options from its usage text, and variables that point at files (a stub file
 * in the scratch folder `dir`, passed as an absolute path). Entries already given are not repeated.
 */
export function buildPlaceholders(
  input: { variables: readonly string[]; flags: readonly string[]; homeFiles?: readonly string[] },
  dir: string,
  given: Placeholders = emptyPlaceholders(),
): Placeholders {
  const out: Placeholders = { env: { ...given.env }, args: [...given.args], files: { ...given.files }, names: [...given.names] };
  for (const name of input.variables) {
    if (name in out.env) continue;
    if (isFileVariable(name)) {
      const fileName = `${name.toLowerCase()}${/JSON|CREDENTIALS|KEYS/.test(name.toUpperCase()) ? '.json' : ''}`;
      out.files[fileName] = stubFileContents(fileName);
      out.env[name] = `${dir}/${fileName}`;
      out.names.push(name, `file:${fileName}`);
    } else {
      out.env[name] = placeholderFor(name);
      out.names.push(name);
    }
  }
  for (const flag of input.flags) {
    if (out.args.includes(flag)) continue;
    const isSecret = /token|key|secret|password|pat|auth/i.test(flag);
    out.args.push(flag, isSecret ? PLACEHOLDER_SECRET : 'placeholder');
    out.names.push(flag);
  }
  for (const relative of input.homeFiles ?? []) {
    const key = `home/${relative}`;
    if (key in out.files) continue;
    out.files[key] = stubFileContents(relative);
    out.names.push(`file:~/${relative}`);
  }
  return out;
}

/** No placeholders yet. */
export function emptyPlaceholders(): Placeholders {
  return { env: {}, args: [], files: {}, names: [] };
}

/** Whether `next` adds anything to `given` (a retry is only worth it when it does). */
export function addsPlaceholders(given: Placeholders, next: Placeholders): boolean {
  return next.names.length > given.names.length;
}
