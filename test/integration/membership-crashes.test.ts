import { randomUUID } from 'node:crypto';

import { applyGroupChange } from '../../lambdas/store/apply-group-change';
import { GroupStore } from '../../lambdas/store/group-store';
import { UserStore } from '../../lambdas/store/user-store';
import { emptyChange, setMembers } from '../../lambdas/scim/group-change';
import {
  crashAfterWrites,
  SimulatedCrash,
  startTestTable,
  type TestTable,
} from '../support/dynamo';

// A group PATCH is a series of single-user writes and then one group write.
// Stopped after any of them, a retry of the same request must converge on
// exactly the membership it asks for, and nobody else may end up in the group.

let table: TestTable;

beforeAll(async () => {
  table = await startTestTable();
});

afterAll(async () => {
  await table.close();
});

function stores(crashAfter?: number) {
  const client = table.client();
  if (crashAfter !== undefined) crashAfterWrites(client, crashAfter);
  return {
    users: new UserStore(client, table.tableName),
    groups: new GroupStore(client, table.tableName),
  };
}

async function seedUsers(teamId: string, count: number): Promise<string[]> {
  const { users } = stores();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const user = await users.create(
      teamId,
      {
        core: {
          userName: `member${i}@example.com`,
          name: { givenName: 'M', familyName: `${i}` },
          active: true,
        },
      },
      { type: 'admin' },
    );
    ids.push(user.id);
  }
  return ids;
}

async function membersOf(teamId: string): Promise<Record<string, string[]>> {
  const page = await stores().users.list(teamId, 1, 100);
  const byRole: Record<string, string[]> = { admin: [], user: [], readonly: [] };
  for (const user of page.users) {
    for (const role of user.groups ?? []) byRole[role]?.push(user.id);
  }
  return byRole;
}

async function run(
  teamId: string,
  memberIds: string[],
  add: boolean,
  crashAfter?: number,
) {
  const deps = stores(crashAfter);
  const { groups } = await deps.groups.read(teamId);
  const group = groups.get('admin');
  if (!group) throw new Error('no admin group');
  const change = emptyChange();
  setMembers(change, memberIds, add);
  return applyGroupChange(deps, teamId, group, change, new Date(), { type: 'admin' });
}

describe('a membership change stopped between its writes', () => {
  it.each([1, 2, 3])(
    'converges on retry after stopping at write %i (adds)',
    async (crashAfter) => {
      const teamId = randomUUID();
      const [a, b, c, outsider] = await seedUsers(teamId, 4);
      const targets = [a, b, c] as string[];

      await expect(run(teamId, targets, true, crashAfter)).rejects.toThrow(
        SimulatedCrash,
      );
      await run(teamId, targets, true);

      const members = await membersOf(teamId);
      expect([...(members.admin ?? [])].sort()).toEqual([...targets].sort());
      expect(members.admin).not.toContain(outsider);
      expect(members.user).toEqual([]);
      expect(members.readonly).toEqual([]);
    },
  );

  it.each([1, 2])(
    'converges on retry after stopping at write %i (removes)',
    async (crashAfter) => {
      const teamId = randomUUID();
      const ids = await seedUsers(teamId, 3);
      await run(teamId, ids, true);

      await expect(run(teamId, ids.slice(0, 2), false, crashAfter)).rejects.toThrow(
        SimulatedCrash,
      );
      await run(teamId, ids.slice(0, 2), false);

      expect((await membersOf(teamId)).admin).toEqual([ids[2]]);
    },
  );
});
