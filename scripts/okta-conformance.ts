/**
 * Runs Okta's SCIM 2.0 SPEC test (../shared/conformance/okta-spec, with
 * newman) against a freshly started in-memory local server holding one
 * seeded user, and fails unless every assertion passes.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import newman from 'newman';

import { startLocalService } from '../local/local-service';

const COLLECTION = path.resolve(
  __dirname,
  '../../shared/conformance/okta-spec/Okta-SCIM-20-SPEC-Test.postman_collection.json',
);

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  if (!existsSync(COLLECTION))
    throw new Error(`Okta's SPEC test is not at ${COLLECTION}`);

  const logs: string[] = [];
  const service = await startLocalService({
    port: 0,
    memory: true,
    log: (line) => logs.push(line),
  });
  try {
    const token = await service.issueToken('default', 'okta-spec-test');
    const seeded = await fetch(`${service.baseUrl}/Users`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/scim+json',
      },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'seed.user@example.com',
        name: { givenName: 'Seed', familyName: 'User' },
        emails: [{ value: 'seed.user@example.com', type: 'work', primary: true }],
        active: true,
      }),
    });
    if (seeded.status !== 201)
      throw new Error(`Seeding a user answered ${seeded.status}`);

    const summary = await new Promise<newman.NewmanRunSummary>((resolve, reject) => {
      newman.run(
        {
          collection: COLLECTION,
          envVar: [
            { key: 'SCIMBaseURL', value: service.baseUrl },
            { key: 'auth', value: `Bearer ${token}` },
          ],
          reporters: ['cli'],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });

    const assertions = summary.run.stats.assertions;
    const failed = assertions.failed ?? 0;
    const total = assertions.total ?? 0;
    console.log(`okta-spec: ${total - failed} passed, ${failed} failed`);
    if (failed > 0 || total === 0 || summary.run.failures.length > 0)
      process.exitCode = 1;

    // The run's own evidence that no token was logged.
    if (logs.some((line) => line.includes(token))) {
      console.log('A request log line contains the token');
      process.exitCode = 1;
    }
  } finally {
    await service.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    `Okta SPEC test could not run: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
});
