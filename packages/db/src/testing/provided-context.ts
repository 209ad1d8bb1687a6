/** What the global setup hands each test file (vitest provide/inject). */
export interface TestDatabaseServer {
  /** Any database on the test server, to issue CREATE/DROP DATABASE from. */
  adminUrl: string;
  /** The database with every migration applied that each test file clones. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    hcTestDatabase: TestDatabaseServer;
  }
}
