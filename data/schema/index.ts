/** The contract between scanner, policies-gen and site. Depends on zod only. */
export * from './classification.ts';
export * from './common.ts';
export * from './policy.ts';
export * from './scan-result.ts';
export * from './server-record.ts';
export * from './source.ts';
