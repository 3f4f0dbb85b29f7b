// `node scripts/corpus/check-labels.ts <labels.jsonl> [...]`
// Checks a labels file against the batch it labels (same base name under test/classify/corpus/batches/): every tool id
// labelled once with read|write|destructive and a reason, every server given a domain, nothing unknown.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const DOMAINS = new Set([
  'filesystem',
  'vcs',
  'database',
  'cloud',
  'browser',
  'payments',
  'messaging',
  'project',
  'search',
  'docs',
  'observability',
  'memory',
  'devtools',
  'media',
  'other',
]);
const LABELS = new Set(['read', 'write', 'destructive']);
let failed = false;
for (const file of process.argv.slice(2)) {
  const batch = basename(file, '.jsonl');
  const kind = batch.startsWith('blind') ? 'blind' : 'corpus';
  const text = readFileSync(join('test/classify/corpus/batches', kind, `${batch}.md`), 'utf8');
  const ids = new Set([...text.matchAll(/^### ([bc]\d{4})$/gm)].map((m) => m[1] ?? ''));
  const servers = new Set([...text.matchAll(/^## server: (.+)$/gm)].map((m) => m[1] ?? ''));
  const problems: string[] = [];
  const seen = new Set<string>();
  const domains = new Set<string>();
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let row: Record<string, unknown>;
      try {
        row = JSON.parse(line);
      } catch {
        problems.push(`line ${i + 1}: not JSON`);
        return;
      }
      if (typeof row.server === 'string') {
        if (!servers.has(row.server)) problems.push(`line ${i + 1}: unknown server ${row.server}`);
        if (!DOMAINS.has(String(row.domain))) problems.push(`line ${i + 1}: bad domain ${row.domain}`);
        domains.add(row.server);
        return;
      }
      const id = String(row.id);
      if (!ids.has(id)) problems.push(`line ${i + 1}: unknown id ${id}`);
      if (seen.has(id)) problems.push(`line ${i + 1}: ${id} labelled twice`);
      seen.add(id);
      if (!LABELS.has(String(row.label))) problems.push(`line ${i + 1}: bad label ${row.label}`);
      if (typeof row.reason !== 'string' || row.reason.trim() === '') problems.push(`line ${i + 1}: no reason`);
    });
  for (const id of ids) if (!seen.has(id)) problems.push(`missing label for ${id}`);
  for (const s of servers) if (!domains.has(s)) problems.push(`missing domain for ${s}`);
  if (problems.length > 0) failed = true;
  process.stdout.write(
    `${file}: ${seen.size}/${ids.size} tools, ${domains.size}/${servers.size} servers${problems.length ? `\n  ${problems.slice(0, 20).join('\n  ')}` : ' — ok'}\n`,
  );
}
process.exitCode = failed ? 1 : 0;
