import { readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv-draft-04';

import { startTestServer, type TestServer } from '../support/local-server';

// Third-party JSON Schemas for SCIM discovery documents (see ../shared/conformance/README.md).
const SCHEMA_DIR = path.resolve(__dirname, '../../../shared/conformance/json-schemas');

const ajv = new Ajv({ allErrors: true, strict: false });
const validator = (file: string) =>
  ajv.compile(JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object);

const SCHEMA_FILES: Record<string, string> = {
  'urn:ietf:params:scim:schemas:core:2.0:User': 'CoreUser.schema.json',
  'urn:ietf:params:scim:schemas:core:2.0:Group': 'CoreGroup.schema.json',
};

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.service.close();
});

function expectValid(validate: ReturnType<typeof validator>, document: unknown) {
  const valid = validate(document);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

describe('discovery documents against the conformance JSON Schemas', () => {
  it('ServiceProviderConfig is valid', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig');

    expectValid(validator('ServiceProviderConfig.schema.json'), response.json);
  });

  it('the Schemas list and each schema are valid', async () => {
    const list = await server.request('GET', '/Schemas');
    expectValid(validator('Schemas.schema.json'), list.json);

    for (const schema of list.json.Resources as { id: string }[]) {
      const one = await server.request(
        'GET',
        `/Schemas/${encodeURIComponent(schema.id)}`,
      );
      expectValid(validator('Schema.schema.json'), one.json);
      const specific = SCHEMA_FILES[schema.id];
      if (specific) expectValid(validator(specific), one.json);
    }
  });

  it('the ResourceTypes list and each resource type are valid', async () => {
    const list = await server.request('GET', '/ResourceTypes');
    expectValid(validator('ResourceTypes.schema.json'), list.json);

    for (const type of list.json.Resources as { id: string }[]) {
      const one = await server.request('GET', `/ResourceTypes/${type.id}`);
      expectValid(validator('ResourceType.schema.json'), one.json);
    }
  });
});
