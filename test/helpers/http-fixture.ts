// Re-exports the HTTP fixture endpoints for tests (they live with the other fixture servers).
export { type HttpFixture, type HttpFixtureMode, refusedUrl, startHttpFixture } from '../fixtures/servers/http-fixtures.ts';
