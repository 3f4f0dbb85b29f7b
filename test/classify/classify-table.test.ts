// Table-driven verdicts for real tools (captured from published servers) and for the named examples, by the
// rubric (docs/risk-model.md): a whole-file create-or-update, a triggered pipeline and a scraper option that runs
// JavaScript are destructive; a screenshot saved to a chosen path is a write.
// Annotations are ignored, so the table measures inference; annotation handling has its own tests.
import { describe, expect, it } from 'vitest';
import { type CapabilityTag, ClassificationSchema, type RiskLevel, type ToolClass } from '../../data/schema/index.ts';
import { classifyTool, type ToolInput } from '../../scanner/classify/index.ts';
import { realTool } from './real-tools.ts';

type Row = [file: string, name: string, cls: ToolClass, risk: RiskLevel, tags: CapabilityTag[]];

const REAL: Row[] = [
  ['filesystem', 'read_text_file', 'read', 'low', ['filesystem']],
  ['filesystem', 'read_multiple_files', 'read', 'low', ['bulk', 'filesystem']],
  ['filesystem', 'write_file', 'destructive', 'high', ['filesystem']],
  ['filesystem', 'edit_file', 'write', 'medium', ['filesystem']],
  ['filesystem', 'create_directory', 'write', 'medium', ['filesystem']],
  ['filesystem', 'directory_tree', 'read', 'low', ['filesystem']],
  ['filesystem', 'move_file', 'write', 'medium', ['filesystem']],
  ['memory', 'create_entities', 'write', 'medium', ['bulk']],
  ['memory', 'delete_entities', 'destructive', 'high', ['bulk']],
  ['memory', 'open_nodes', 'read', 'low', []],
  ['everything', 'echo', 'read', 'low', []],
  ['everything', 'get-env', 'read', 'medium', ['credentials']],
  ['everything', 'toggle-simulated-logging', 'write', 'medium', []],
  ['github', 'create_or_update_file', 'destructive', 'high', ['filesystem', 'vcs']],
  ['github', 'update_issue', 'write', 'medium', ['vcs']],
  ['github', 'merge_pull_request', 'write', 'medium', ['vcs']],
  ['github', 'search_code', 'read', 'low', ['vcs']],
  ['postgres', 'query', 'read', 'low', ['database']],
  ['slack', 'slack_post_message', 'write', 'medium', ['messaging']],
  ['slack', 'slack_get_users', 'read', 'low', ['identity']],
  ['puppeteer', 'puppeteer_evaluate', 'destructive', 'critical', ['browser', 'exec']],
  ['puppeteer', 'puppeteer_screenshot', 'read', 'low', ['browser']],
  ['playwrightall', 'browser_navigate', 'write', 'medium', ['browser', 'network']],
  ['playwrightall', 'browser_click', 'write', 'medium', ['browser']],
  ['playwrightall', 'browser_evaluate', 'destructive', 'critical', ['browser', 'exec']],
  ['playwrightall', 'browser_take_screenshot', 'write', 'medium', ['browser']],
  ['playwrightall', 'browser_drop', 'write', 'medium', ['browser']],
  ['chromedevtools', 'evaluate_script', 'destructive', 'critical', ['browser', 'exec']],
  ['chromedevtools', 'take_snapshot', 'write', 'medium', ['browser']],
  ['desktopcommander', 'start_process', 'destructive', 'critical', ['exec']],
  ['desktopcommander', 'interact_with_process', 'destructive', 'critical', ['exec']],
  ['desktopcommander', 'kill_process', 'destructive', 'high', []],
  ['desktopcommander', 'write_file', 'destructive', 'high', ['filesystem']],
  ['desktopcommander', 'edit_block', 'write', 'medium', ['filesystem']],
  ['mongodb', 'find', 'read', 'low', ['database']],
  ['mongodb', 'update-many', 'write', 'medium', ['bulk', 'database']],
  ['mongodb', 'drop-collection', 'destructive', 'high', ['database']],
  ['notion', 'API-delete-a-block', 'destructive', 'high', []],
  ['notion', 'API-update-page-markdown', 'destructive', 'high', []],
  ['notion', 'API-post-search', 'read', 'low', []],
  ['circleci', 'run_pipeline', 'destructive', 'high', []],
  ['datadog', 'cancel_downtime', 'destructive', 'high', []],
  ['datadog', 'get_logs', 'read', 'low', []],
  ['eaplaywright', 'playwright_get', 'read', 'medium', ['browser', 'network']],
  ['eaplaywright', 'playwright_delete', 'destructive', 'high', ['browser', 'network']],
  ['gitlab', 'resolve_merge_request_thread', 'write', 'medium', ['vcs']],
  ['gitlab', 'list_todos', 'read', 'low', ['identity', 'vcs']],
  ['firecrawl', 'firecrawl_scrape', 'destructive', 'critical', ['exec', 'network']],
];

describe('real tools: exact verdicts with annotations ignored', () => {
  it.each(REAL)('%s / %s -> %s, %s, %j', (file, name, cls, risk, tags) => {
    const { tool, context } = realTool(file, name);
    const verdict = classifyTool(tool, context, { ignoreAnnotations: true });
    expect(ClassificationSchema.parse(verdict)).toEqual(verdict);
    expect({ class: verdict.class, risk: verdict.risk, tags: verdict.tags }).toEqual({ class: cls, risk, tags });
    expect(verdict.reasons.length).toBeGreaterThan(0);
  });
});

// The named examples. Real servers rarely ship these exact names, so these are minimal definitions in the
// shape real servers use (name + description + schema), one per rule the issue states.
const schema = (props: Record<string, string>, required: string[] = Object.keys(props)) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(props).map(([k, type]) => [k, { type }])),
  required,
});
const EXAMPLES: [ToolInput, ToolClass, RiskLevel, CapabilityTag[]][] = [
  [
    {
      name: 'github_delete_repo',
      description: 'Delete a repository. This cannot be undone.',
      inputSchema: schema({ owner: 'string', repo: 'string' }),
    },
    'destructive',
    'high',
    ['vcs'],
  ],
  [
    { name: 'run_sql', description: 'Run a SQL statement against the database.', inputSchema: schema({ sql: 'string' }) },
    'destructive',
    'critical',
    ['database', 'exec'],
  ],
  [
    {
      name: 'execute_command',
      description: 'Execute a shell command on the host.',
      inputSchema: schema({ command: 'string', cwd: 'string' }, ['command']),
    },
    'destructive',
    'critical',
    ['exec'],
  ],
  [
    {
      name: 'transfer_funds',
      description: 'Transfer funds to another account.',
      inputSchema: schema({ amount: 'number', recipient: 'string' }),
    },
    'destructive',
    'critical',
    ['financial'],
  ],
  [
    { name: 'revoke_token', description: 'Revoke an API token.', inputSchema: schema({ token_id: 'string' }) },
    'destructive',
    'critical',
    ['credentials'],
  ],
  [
    { name: 'create_api_key', description: 'Create a new API key for the account.', inputSchema: schema({ name: 'string' }) },
    'destructive',
    'critical',
    ['credentials'],
  ],
  [
    {
      name: 'send_email',
      description: 'Send an email to one or more recipients.',
      inputSchema: schema({ to: 'string', subject: 'string', body: 'string' }),
    },
    'write',
    'medium',
    ['messaging'],
  ],
  [
    { name: 'start_instance', description: 'Start a stopped EC2 instance.', inputSchema: schema({ instance_id: 'string' }) },
    'write',
    'medium',
    ['infrastructure'],
  ],
  [
    { name: 'p402_create_session', description: 'Create a budget-capped agent session.', inputSchema: schema({ budget: 'number' }) },
    'write',
    'medium',
    [],
  ],
  [
    { name: 'fetch', description: 'Fetches a URL from the internet and returns its content.', inputSchema: schema({ url: 'string' }) },
    'read',
    'medium',
    ['network'],
  ],
  [{ name: 'listIssues', description: 'List issues in a project.', inputSchema: schema({ project: 'string' }) }, 'read', 'low', []],
  [{ name: 'run', description: 'Run a command.', inputSchema: schema({ command: 'string' }) }, 'destructive', 'critical', ['exec']],
  [
    { name: 'manage_pods', description: 'Create, list or delete pods in a namespace.', inputSchema: schema({ namespace: 'string' }) },
    'destructive',
    'high',
    ['infrastructure'],
  ],
  [
    {
      name: 'pods',
      description: 'Operate on pods.',
      inputSchema: { type: 'object', properties: { action: { type: 'string', enum: ['list', 'get', 'delete'] } } },
    },
    'destructive',
    'high',
    ['infrastructure'],
  ],
  [
    { name: 'query', description: 'Run a read-only SQL query. Does not modify data.', inputSchema: schema({ sql: 'string' }) },
    'read',
    'low',
    ['database'],
  ],
];

describe("the issue's examples", () => {
  it.each(EXAMPLES.map(([tool, ...rest]) => [tool.name, tool, ...rest] as const))('%s', (_name, tool, cls, risk, tags) => {
    const verdict = classifyTool(tool);
    expect({ class: verdict.class, risk: verdict.risk, tags: verdict.tags }).toEqual({ class: cls, risk, tags });
  });

  it("reads `run` by its server: a shell server runs commands, a test runner runs the project's tests", () => {
    const run = { name: 'run', description: 'Run it.', inputSchema: { type: 'object', properties: {} } };
    expect(classifyTool(run, { serverName: 'shell-server' }).class).toBe('destructive');
    // A test run executes the project's code: destructive by the rubric, like the shell.
    expect(classifyTool(run, { serverName: 'jest-test-runner' }).class).toBe('destructive');
  });

  it('splits prefixed and cased names', () => {
    for (const name of ['API-delete-page', 'github_delete_repo', 'deleteRepo', 'repo.delete', 'RepoDelete']) {
      expect(classifyTool({ name }).class, name).toBe('destructive');
    }
  });

  it('honours negations in descriptions for ambiguous tools', () => {
    const tool = {
      name: 'execute_query',
      description: 'Execute a SQL query in a read-only transaction; never modifies data.',
      inputSchema: schema({ sql: 'string' }),
    };
    expect(classifyTool(tool).class).toBe('read');
    const writer = { name: 'execute_query', description: 'Execute any SQL statement.', inputSchema: schema({ sql: 'string' }) };
    expect(classifyTool(writer).class).toBe('destructive');
  });
});
