import { join } from 'node:path';
import { type CatalogueSummary, CatalogueSummarySchema } from '../../data/schema/catalogue.ts';
import {
  CapabilityTagSchema,
  FindingCodeSchema,
  RiskLevelSchema,
  ScanStatusSchema,
  type ServerRecord,
  ToolClassSchema,
} from '../../data/schema/index.ts';
import { SCANNER_VERSION } from '../version.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { RecordStore } from './record-store.ts';
import { stableStringify } from './stable-json.ts';

const zeros = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((key) => [key, 0]));
const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

/** How a record's server is started, for `byRegistryType`. */
function startKind(record: ServerRecord): string {
  if (record.scan.transport.type !== 'stdio') return 'remote';
  const npm = record.source.packages?.find((pkg) => pkg.registryType === 'npm');
  return npm !== undefined ? 'npm' : (record.source.packages?.[0]?.registryType ?? (record.source.remotes?.length ? 'remote' : 'none'));
}

/** Computes the catalogue summary from server records. Pure: same records, same summary. */
export function summariseCatalogue(records: Iterable<ServerRecord>): CatalogueSummary {
  const byStatus = zeros(ScanStatusSchema.options);
  const byClass = zeros(ToolClassSchema.options);
  const byRisk = zeros(RiskLevelSchema.options);
  const byTag = zeros(CapabilityTagSchema.options);
  const byFinding = zeros(FindingCodeSchema.options);
  const byRegistryType: Record<string, number> = {};
  const totals = {
    servers: 0,
    okServers: 0,
    tools: 0,
    prompts: 0,
    resources: 0,
    toolsWithFindings: 0,
    findings: 0,
    toolChanges: 0,
    rugPulls: 0,
    deprecated: 0,
    needCredentials: 0,
  };
  let newest = '1970-01-01T00:00:00.000Z';
  for (const record of records) {
    totals.servers++;
    bump(byStatus, record.scan.status);
    bump(byRegistryType, startKind(record));
    if (record.scan.scannedAt > newest) newest = record.scan.scannedAt;
    if (record.registryStatus === 'deprecated') totals.deprecated++;
    if ((record.scan.requiredEnv?.length ?? 0) > 0) totals.needCredentials++;
    totals.toolChanges += record.changes.length;
    totals.rugPulls += record.changes.filter((change) => change.rugPull === true).length;
    if (record.scan.status !== 'ok') continue;
    totals.okServers++;
    totals.tools += record.scan.tools.length;
    totals.prompts += record.scan.prompts.length;
    totals.resources += record.scan.resources.length + record.scan.resourceTemplates.length;
    for (const tool of record.scan.tools) {
      const findings = tool.findings ?? [];
      if (findings.length > 0) totals.toolsWithFindings++;
      totals.findings += findings.length;
      for (const finding of findings) bump(byFinding, finding.code);
      if (tool.classification === undefined) continue;
      bump(byClass, tool.classification.class);
      bump(byRisk, tool.classification.risk);
      for (const tag of tool.classification.tags) bump(byTag, tag);
    }
  }
  return CatalogueSummarySchema.parse({
    generatedAt: newest,
    scannerVersion: SCANNER_VERSION,
    totals,
    byStatus,
    byClass,
    byRisk,
    byTag,
    byFinding,
    byRegistryType,
  });
}

/** Regenerates `<dataDir>/catalogue.json` from `<dataDir>/servers/*.json`. Returns the summary. */
export async function writeCatalogue(dataDir: string): Promise<CatalogueSummary> {
  const { records } = await new RecordStore(dataDir).readAll();
  const summary = summariseCatalogue(records.values());
  await writeFileAtomic(join(dataDir, 'catalogue.json'), stableStringify(summary));
  return summary;
}
