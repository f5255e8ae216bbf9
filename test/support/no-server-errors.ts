import { startedServers } from './local-server';

// Whatever a test sends, the service must never answer with a 5xx: every
// test file that starts a server is checked once its tests have run.
afterAll(() => {
  for (const server of startedServers) {
    if (server.expectServerErrors) continue;
    const failures = server.logs
      .map(
        (line) => JSON.parse(line) as { status?: number; method?: string; path?: string },
      )
      .filter((entry) => (entry.status ?? 0) >= 500)
      .map((entry) => `${entry.method} ${entry.path} -> ${entry.status}`);
    expect(failures).toEqual([]);
  }
});
