import { chmodSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { DEFAULT_TEAM, startLocalService } from '../local/local-service';

const USAGE = `Usage: npm start -- [--port N] [--data-dir DIR | --memory] [--token-file FILE]

  --port N          port on 127.0.0.1 (default 3000; 0 picks a free one)
  --data-dir DIR    keep data in DIR (default .data/local, ignored by git)
  --memory          keep nothing after exit
  --token-file FILE write the new token for team "default" to FILE (mode 0600) instead of printing it`;

// The local machine may run Node 20; the deployed functions run nodejs22.x.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      memory: { type: 'boolean' },
      'token-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values.memory && values['data-dir'])
    throw new Error('--memory and --data-dir exclude each other');

  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got ${values.port}`);
  }

  const service = await startLocalService({
    port,
    dataDir: values['data-dir'],
    memory: values.memory ?? false,
  });
  const token = await service.issueToken(
    DEFAULT_TEAM,
    `npm start ${new Date().toISOString()}`,
  );

  console.error(
    `serverless-scim is running (${values.memory ? 'in memory' : `data in ${values['data-dir'] ?? '.data/local'}`})`,
  );
  console.error(`SCIM base URL: ${service.baseUrl}`);
  if (values['token-file']) {
    writeFileSync(values['token-file'], `${token}\n`, { mode: 0o600 });
    chmodSync(values['token-file'], 0o600);
    console.error(`A new token for team "${DEFAULT_TEAM}" is in ${values['token-file']}`);
  } else {
    console.error(
      `Token for team "${DEFAULT_TEAM}" (shown once; send it as Authorization: Bearer <token>):`,
    );
    console.error(token);
  }

  const stop = () => {
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(
    `npm start failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
