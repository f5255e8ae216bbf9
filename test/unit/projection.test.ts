import type { SchemaDefinition } from '../../lambdas/scim/schema-types';
import { parseProjection, projectResource } from '../../lambdas/scim/projection';
import {
  USER_RESOURCE_SCHEMA,
  type ResourceSchema,
} from '../../lambdas/scim/resource-schema';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE],
  id: 'u1',
  userName: 'ann@example.com',
  name: { givenName: 'Ann', familyName: 'Lee' },
  emails: [
    { value: 'ann@example.com', type: 'work', primary: true },
    { value: 'ann@home.example', type: 'home' },
  ],
  password: 'never-shown',
  [ENTERPRISE]: { department: 'R&D', costCenter: '7' },
  meta: { resourceType: 'User', version: 'W/"1"' },
};

const project = (
  query: Record<string, string>,
  schema: ResourceSchema = USER_RESOURCE_SCHEMA,
) => projectResource(user, schema, parseProjection(query));

describe('projectResource', () => {
  it('returns the default attributes, never password, without a projection', () => {
    const { password, ...expected } = user;

    expect(password).toBeDefined();
    expect(project({})).toEqual(expected);
  });

  it('keeps only named attributes and sub-attributes, plus id and schemas', () => {
    expect(project({ attributes: 'USERNAME, emails.value,name.familyName' })).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: user.userName,
      name: { familyName: 'Lee' },
      emails: [{ value: 'ann@example.com' }, { value: 'ann@home.example' }],
    });
  });

  it('reads URN-qualified names and whole extensions', () => {
    expect(
      project({
        attributes: `urn:ietf:params:scim:schemas:core:2.0:User:userName,${ENTERPRISE}`,
      }),
    ).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: user.userName,
      [ENTERPRISE]: user[ENTERPRISE],
    });
    expect(project({ attributes: `${ENTERPRISE}:costCenter` })[ENTERPRISE]).toEqual({
      costCenter: '7',
    });
  });

  it('removes excluded attributes and sub-attributes but never id', () => {
    const result = project({
      excludedAttributes: `id,emails,name.givenName,meta,${ENTERPRISE}:department`,
    });

    expect(result).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: user.userName,
      name: { familyName: 'Lee' },
      [ENTERPRISE]: { costCenter: '7' },
    });
  });

  it('returns a returned:request attribute only when asked for by name', () => {
    const core: SchemaDefinition = {
      ...USER_RESOURCE_SCHEMA.core,
      attributes: USER_RESOURCE_SCHEMA.core.attributes.map((definition) =>
        definition.name === 'userName'
          ? { ...definition, returned: 'request' }
          : definition,
      ),
    };
    const schema = { ...USER_RESOURCE_SCHEMA, core };

    expect(project({}, schema).userName).toBeUndefined();
    expect(project({ attributes: 'userName' }, schema).userName).toBe(user.userName);
  });

  it('takes arrays from a /.search body and ignores unknown names', () => {
    const projection = parseProjection({ attributes: ['userName', 'nosuch'] });

    expect(projectResource(user, USER_RESOURCE_SCHEMA, projection)).toEqual({
      schemas: user.schemas,
      id: 'u1',
      userName: user.userName,
    });
  });

  it('answers invalidValue for a projection that is not a list of names', () => {
    expect(() => parseProjection({ attributes: [1, 2] })).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidValue' }),
    );
  });
});
