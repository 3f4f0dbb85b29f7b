import type { z } from 'zod';
import { AuditLockSchema, AuditReportSchema } from './audit.ts';
import { CatalogueSummarySchema } from './catalogue.ts';
import { ClassificationSchema, FindingSchema } from './classification.ts';
import { PolicySchema } from './policy.ts';
import { ScanReceiptSchema } from './scan-receipt.ts';
import { ScanResultSchema } from './scan-result.ts';
import { SearchDocumentSchema } from './search-document.ts';
import { ServerRecordSchema } from './server-record.ts';
import { SourcesFileSchema } from './source.ts';

/** Schemas published as JSON Schema in data/schema/json/, by file stem. Add new contract schemas here. */
export const PUBLISHED_SCHEMAS: Record<string, z.ZodType> = {
  'scan-result': ScanResultSchema,
  classification: ClassificationSchema,
  finding: FindingSchema,
  'server-record': ServerRecordSchema,
  sources: SourcesFileSchema,
  catalogue: CatalogueSummarySchema,
  'search-document': SearchDocumentSchema,
  policy: PolicySchema,
  'scan-receipt': ScanReceiptSchema,
  'audit-report': AuditReportSchema,
  'audit-lock': AuditLockSchema,
};
