import { hashToken } from '../../lambdas/auth/token-hash';
import { startedServers } from './local-server';

// Everything the handlers and the logger print during this test file.
const printed: string[] = [];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
  printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return write(chunk, ...rest);
}) as typeof process.stdout.write;

// Whatever a test sends, the service must never answer with a 5xx.
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

// No token, token hash, hashing key or password may reach a log line or an answer.
afterAll(async () => {
  for (const server of startedServers) {
    const key = await server.service.keys.getKey();
    const secrets = [
      ...server.tokens,
      ...server.tokens.map((token) => hashToken(token, key)),
      key.toString('base64'),
      key.toString('hex'),
      ...server.passwords,
    ];
    const haystacks = [...server.logs, ...server.responses, ...printed];
    const leaks = secrets.filter((secret) =>
      haystacks.some((text) => text.includes(secret)),
    );
    expect(leaks).toEqual([]);
  }
});
