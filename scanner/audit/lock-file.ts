/**
 * The lock file's logic, pure: build the pins of this audit, and compare them with the last ones. Per configured server,
 * each tool's definition hash and description hash; a description that changed while the version stayed the same is a
 * rug pull. Servers not listed this run (not scanned, failed) keep their old pins.
 */
import type { AuditChange, AuditLock, AuditServer, LockedServer, StackFinding } from '../../data/schema/audit.ts';
import { redactUrl } from '../scan/redact.ts';

/** What runs, for people reading the lock file: the npm package, the command, or the redacted URL. Never a secret. */
export function lockTarget(server: AuditServer): string {
  if (server.package !== undefined)
    return `npm:${server.package.name}${server.package.version === undefined ? '' : `@${server.package.version}`}`;
  if (server.transport.type === 'stdio') return `stdio:${server.transport.command}`;
  return `url:${redactUrl(server.transport.url)}`;
}

function pins(server: AuditServer): LockedServer {
  // fromEntries defines own properties, so a tool named `__proto__` is a key like any other.
  const tools: LockedServer['tools'] = Object.fromEntries(
    [...server.tools]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((tool) => [tool.name, { hash: tool.hash, descriptionHash: tool.descriptionHash }]),
  );
  return {
    name: server.name,
    client: server.client,
    target: lockTarget(server),
    ...(server.version === undefined ? {} : { version: server.version }),
    tools,
  };
}

function listed(server: AuditServer): boolean {
  return server.source !== 'none';
}

/** The lock after this audit: new pins for every listed server, old pins kept for configured servers not listed. */
export function nextLock(previous: AuditLock | undefined, servers: readonly AuditServer[], now: string): AuditLock {
  const entries = new Map<string, LockedServer>();
  for (const server of servers) {
    if (listed(server)) entries.set(server.id, pins(server));
    else {
      const old = previous?.servers[server.id];
      if (old !== undefined) entries.set(server.id, old);
    }
  }
  const sorted: AuditLock['servers'] = Object.fromEntries([...entries.keys()].sort().map((id) => [id, entries.get(id)!]));
  return { lockfileVersion: 1, updatedAt: now, servers: sorted };
}

function toolChanges(id: string, name: string, before: LockedServer | undefined, now: AuditServer | undefined): AuditChange[] {
  const changes: AuditChange[] = [];
  const fromVersion = before?.version;
  const toVersion = now?.version;
  const versions = { ...(fromVersion === undefined ? {} : { fromVersion }), ...(toVersion === undefined ? {} : { toVersion }) };
  const old = new Map(Object.entries(before?.tools ?? {}));
  const current = new Map((now?.tools ?? []).map((tool) => [tool.name, tool]));
  for (const [tool, pin] of current) {
    const was = old.get(tool);
    if (was === undefined) changes.push({ serverId: id, server: name, tool, kind: 'added', ...versions, rugPull: false });
    else if (was.descriptionHash !== pin.descriptionHash)
      changes.push({ serverId: id, server: name, tool, kind: 'description_changed', ...versions, rugPull: fromVersion === toVersion });
    else if (was.hash !== pin.hash)
      changes.push({ serverId: id, server: name, tool, kind: 'definition_changed', ...versions, rugPull: false });
  }
  for (const tool of old.keys()) {
    if (!current.has(tool)) changes.push({ serverId: id, server: name, tool, kind: 'removed', ...versions, rugPull: false });
  }
  return changes;
}

/**
 * Every tool change since `previous`: tools of listed servers added, removed or changed; every tool of a server that is
 * new since the lock (when there was a lock), and of a server no longer configured. No lock, no changes: this is the baseline.
 */
export function diffLock(previous: AuditLock | undefined, servers: readonly AuditServer[]): AuditChange[] {
  if (previous === undefined) return [];
  const changes: AuditChange[] = [];
  const configured = new Set(servers.map((server) => server.id));
  for (const server of servers) {
    if (!listed(server)) continue;
    changes.push(...toolChanges(server.id, server.name, previous.servers[server.id], server));
  }
  for (const [id, locked] of Object.entries(previous.servers)) {
    if (!configured.has(id)) changes.push(...toolChanges(id, locked.name, locked, undefined));
  }
  return changes.sort((a, b) =>
    a.serverId === b.serverId ? (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0) : a.serverId < b.serverId ? -1 : 1,
  );
}

/** One finding per server whose tools changed: `rug-pull` (high) when a description changed at the same version, else `tools-changed`. */
export function changeFindings(changes: readonly AuditChange[], servers: readonly AuditServer[]): StackFinding[] {
  const byServer = new Map<string, AuditChange[]>();
  for (const change of changes) byServer.set(change.serverId, [...(byServer.get(change.serverId) ?? []), change]);
  const clientOf = new Map(servers.map((server) => [server.id, server.client]));
  const findings: StackFinding[] = [];
  for (const [serverId, list] of byServer) {
    const name = list[0]!.server;
    const agent = clientOf.get(serverId) ?? serverId.split(':')[0] ?? 'unknown';
    const rugPulls = list.filter((change) => change.rugPull);
    const count = (kind: AuditChange['kind']) => list.filter((change) => change.kind === kind).length;
    if (rugPulls.length > 0) {
      const version = rugPulls[0]!.toVersion;
      findings.push({
        code: 'rug-pull',
        severity: 'high',
        agent,
        message: `${name}: the description of ${rugPulls.map((c) => `\`${c.tool}\``).join(', ')} changed since the last audit while the version stayed ${version === undefined ? 'unknown' : version}: review the new text before using it.`,
        tools: rugPulls.map((change) => ({ server: name, serverId, tool: change.tool, role: 'changed' })),
      });
    }
    const parts = [
      [count('added'), 'added'],
      [count('removed'), 'removed'],
      [count('description_changed') - rugPulls.length, 'reworded'],
      [count('definition_changed'), 'changed schema or annotations'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, what]) => `${n} ${what}`);
    if (parts.length > 0) {
      findings.push({
        code: 'tools-changed',
        severity: 'medium',
        agent,
        message: `${name}: tools changed since the last audit (${parts.join(', ')}).`,
        tools: list.filter((change) => !change.rugPull).map((change) => ({ server: name, serverId, tool: change.tool, role: change.kind })),
      });
    }
  }
  return findings;
}
