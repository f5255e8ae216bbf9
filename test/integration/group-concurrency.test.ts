import fc from 'fast-check';

import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
let users: string[];

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_COUNT = 40;

beforeAll(async () => {
  server = await startTestServer();
  users = [];
  for (let start = 0; start < USER_COUNT; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.request('POST', '/Users', { body: userBody() }),
      ),
    );
    users.push(...batch.map((response) => String(response.json.id)));
  }
});

afterAll(async () => {
  await server.service.close();
});

type Operation = { op: string; path: string; value?: unknown };

/** The forms IdPs use for one member (IDP-TRAFFIC.md #44, #48, #49, #50). */
function addOperation(id: string, form: number): Operation {
  return form % 2 === 0
    ? { op: 'add', path: 'members', value: [{ value: id }] }
    : { op: 'Add', path: 'members', value: [{ $ref: null, value: id }] };
}

function removeOperation(id: string, form: number): Operation {
  return form % 2 === 0
    ? { op: 'remove', path: `members[value eq "${id}"]` }
    : { op: 'Remove', path: 'members', value: [{ $ref: null, value: id }] };
}

function patchGroup(group: string, operations: Operation[]) {
  return server.request('PATCH', `/Groups/${group}`, {
    body: { schemas: [PATCH_OP], Operations: operations },
  });
}

async function putMembers(group: string, ids: string[]): Promise<void> {
  const response = await server.request('PUT', `/Groups/${group}`, {
    body: { displayName: group, members: ids.map((value) => ({ value })) },
  });
  expect(response.status).toBe(200);
}

async function membersOf(group: string): Promise<string[]> {
  const response = await server.request('GET', `/Groups/${group}`);
  // An empty group has no members attribute (RFC 7643 §2.5).
  const members = (response.json.members ?? []) as { value: string }[];
  return members.map((m) => m.value).sort();
}

/** Each member's own item agrees with the group's member list. */
async function expectUsersAgree(group: string, members: string[]): Promise<void> {
  const inGroup = new Set(members);
  for (const id of users) {
    const user = await server.request('GET', `/Users/${id}`);
    const groups = ((user.json.groups ?? []) as { value: string }[]).map((g) => g.value);
    expect({ id, member: groups.includes(group) }).toEqual({
      id,
      member: inGroup.has(id),
    });
  }
}

describe('concurrent PATCHes of one group', () => {
  it('end with exactly the members the adds and removes of many clients imply', async () => {
    const initial = users.slice(0, 20);
    const leaving = users.slice(0, 10);
    const joining = users.slice(20, 40);
    await putMembers('user', initial);

    // Ten clients at once, each removing one initial member and adding two
    // new ones per request, in alternating IdP forms; every request is sent
    // twice at once, as a retrying IdP would.
    const requests = Array.from({ length: 10 }, (_unused, client) => [
      removeOperation(leaving[client]!, client),
      addOperation(joining[2 * client]!, client),
      addOperation(joining[2 * client + 1]!, client + 1),
    ]);
    const responses = await Promise.all(
      [...requests, ...requests].map((operations) => patchGroup('user', operations)),
    );

    expect(responses.map((response) => response.status)).toEqual(
      responses.map(() => 204),
    );
    const expected = [...users.slice(10, 20), ...joining].sort();
    expect(await membersOf('user')).toEqual(expected);
    await expectUsersAgree('user', expected);
  });

  it('end, for random interleavings of clients, with each user as its last operation left it', async () => {
    const clients = 4;
    const pool = users.slice(0, 12);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: pool.length, maxLength: pool.length }),
        fc.array(
          fc.array(
            fc.record({
              user: fc.nat({ max: pool.length / clients - 1 }),
              add: fc.boolean(),
              form: fc.nat({ max: 1 }),
            }),
            { maxLength: 6 },
          ),
          { minLength: clients, maxLength: clients },
        ),
        async (initiallyIn, scripts) => {
          const initial = pool.filter((_id, index) => initiallyIn[index]);
          await putMembers('readonly', initial);

          // Client c owns users c, c + clients, ...: its operations on them run
          // in order, while the clients run at once.
          const expected = new Map(pool.map((id) => [id, initial.includes(id)]));
          const runs = scripts.map(async (script, client) => {
            for (const step of script) {
              const id = pool[client + step.user * clients]!;
              expected.set(id, step.add);
              const operation = step.add
                ? addOperation(id, step.form)
                : removeOperation(id, step.form);
              const response = await patchGroup('readonly', [operation]);
              expect(response.status).toBe(204);
            }
          });
          await Promise.all(runs);

          const want = pool.filter((id) => expected.get(id)).sort();
          expect(await membersOf('readonly')).toEqual(want);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('leave a user and the group in agreement when one user is added and removed at once', async () => {
    const id = users[0]!;
    await putMembers('admin', []);

    await Promise.all([
      patchGroup('admin', [addOperation(id, 0)]),
      patchGroup('admin', [removeOperation(id, 1)]),
      patchGroup('admin', [addOperation(id, 1)]),
      patchGroup('admin', [removeOperation(id, 0)]),
    ]);

    await expectUsersAgree('admin', await membersOf('admin'));
  });

  it('keep a membership written while the user is replaced by a PUT', async () => {
    const ids = users.slice(0, 8);
    await putMembers('admin', []);
    const current = await Promise.all(
      ids.map((id) => server.request('GET', `/Users/${id}`)),
    );

    await Promise.all([
      ...current.map((user) =>
        server.request('PUT', `/Users/${String(user.json.id)}`, {
          body: { ...user.json, displayName: 'Concurrent PUT' },
        }),
      ),
      ...ids.map((id) => patchGroup('admin', [addOperation(id, 0)])),
    ]);

    expect(await membersOf('admin')).toEqual([...ids].sort());
    for (const id of ids) {
      const user = await server.request('GET', `/Users/${id}`);
      expect(user.json.displayName).toBe('Concurrent PUT');
      expect(user.json.roles).toEqual([{ value: 'admin', primary: true }]);
    }
  });
});
