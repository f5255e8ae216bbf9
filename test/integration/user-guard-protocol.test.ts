import { randomUUID } from 'node:crypto';

import type { UserAttributes } from '../../lambdas/scim/user-resource';
import { GUARD_LEASE_MS, UserStore } from '../../lambdas/store/user-store';
import {
  crashAfterWrites,
  SimulatedCrash,
  startTestTable,
  type TestTable,
} from '../support/dynamo';

let table: TestTable;
let clock: number;
const now = () => clock;

beforeAll(async () => {
  table = await startTestTable();
});

afterAll(async () => {
  await table.close();
});

beforeEach(() => {
  clock = Date.now();
});

const healthyStore = () => new UserStore(table.client(), table.tableName, now);

function crashingStore(afterWrites: number): UserStore {
  const client = table.client();
  crashAfterWrites(client, afterWrites);
  return new UserStore(client, table.tableName, now);
}

const ACTOR = { type: 'admin' } as const;
const AUTHOR = { operation: 'replace', actor: ACTOR } as const;

function attributes(userName: string): UserAttributes {
  return {
    core: { userName, name: { givenName: 'Ada', familyName: 'Lovelace' }, active: true },
  };
}

/** Moves the clock past the guard lease, as a later request would see it. */
function afterLease() {
  clock += GUARD_LEASE_MS + 1;
}

describe('create, stopped after the guard write', () => {
  it('leaves no user, and the userName is free again once the lease has passed', async () => {
    const team = randomUUID();

    await expect(
      crashingStore(1).create(team, attributes('ann@example.com'), ACTOR),
    ).rejects.toThrow(SimulatedCrash);

    const store = healthyStore();
    expect(await store.findByUserName(team, 'ann@example.com')).toBeUndefined();
    expect((await store.list(team, 1, 10)).totalResults).toBe(0);

    afterLease();
    const created = await store.create(team, attributes('Ann@Example.com'), ACTOR);
    expect((await store.findByUserName(team, 'ann@example.com'))?.id).toBe(created.id);
  });

  it('refuses the userName with 409 while the unfinished write still holds its lease', async () => {
    const team = randomUUID();
    await expect(
      crashingStore(1).create(team, attributes('bob@example.com'), ACTOR),
    ).rejects.toThrow(SimulatedCrash);

    await expect(
      healthyStore().create(team, attributes('bob@example.com'), ACTOR),
    ).rejects.toMatchObject({
      status: 409,
    });
  });
});

describe('delete, stopped after the user write', () => {
  it('removes the user and frees its userName', async () => {
    const team = randomUUID();
    const store = healthyStore();
    const user = await store.create(team, attributes('cy@example.com'), ACTOR);

    await expect(crashingStore(1).delete(team, user.id)).rejects.toThrow(SimulatedCrash);

    expect(await store.get(team, user.id)).toBeUndefined();
    expect(await store.findByUserName(team, 'cy@example.com')).toBeUndefined();
    afterLease();
    const again = await store.create(team, attributes('cy@example.com'), ACTOR);
    expect((await store.findByUserName(team, 'cy@example.com'))?.id).toBe(again.id);
  });
});

describe('rename', () => {
  it('keeps the old name when stopped after claiming the new one', async () => {
    const team = randomUUID();
    const store = healthyStore();
    const user = await store.create(team, attributes('old@example.com'), ACTOR);

    await expect(
      crashingStore(1).replace(team, user.id, attributes('new@example.com'), AUTHOR),
    ).rejects.toThrow(SimulatedCrash);

    expect((await store.findByUserName(team, 'old@example.com'))?.id).toBe(user.id);
    expect(await store.findByUserName(team, 'new@example.com')).toBeUndefined();
    expect((await store.get(team, user.id))?.core.userName).toBe('old@example.com');

    afterLease();
    await expect(
      store.create(team, attributes('old@example.com'), ACTOR),
    ).rejects.toMatchObject({
      status: 409,
    });
    const other = await store.create(team, attributes('new@example.com'), ACTOR);
    expect((await store.findByUserName(team, 'new@example.com'))?.id).toBe(other.id);
  });

  it('has the new name when stopped after writing the user, and frees the old one', async () => {
    const team = randomUUID();
    const store = healthyStore();
    const user = await store.create(team, attributes('first@example.com'), ACTOR);

    await expect(
      crashingStore(2).replace(team, user.id, attributes('second@example.com'), AUTHOR),
    ).rejects.toThrow(SimulatedCrash);

    expect((await store.findByUserName(team, 'second@example.com'))?.id).toBe(user.id);
    expect(await store.findByUserName(team, 'first@example.com')).toBeUndefined();

    afterLease();
    await expect(
      store.create(team, attributes('second@example.com'), ACTOR),
    ).rejects.toMatchObject({
      status: 409,
    });
    const other = await store.create(team, attributes('first@example.com'), ACTOR);
    expect((await store.findByUserName(team, 'first@example.com'))?.id).toBe(other.id);
  });

  it('lets the user rename back to its old name after a crash left both guards', async () => {
    const team = randomUUID();
    const store = healthyStore();
    const user = await store.create(team, attributes('a@example.com'), ACTOR);
    await expect(
      crashingStore(2).replace(team, user.id, attributes('b@example.com'), AUTHOR),
    ).rejects.toThrow(SimulatedCrash);

    const renamedBack = await store.replace(
      team,
      user.id,
      attributes('a@example.com'),
      AUTHOR,
    );

    expect(renamedBack.core.userName).toBe('a@example.com');
    expect((await store.findByUserName(team, 'a@example.com'))?.id).toBe(user.id);
    expect(await store.findByUserName(team, 'b@example.com')).toBeUndefined();
  });
});

describe('a writer that outlives its lease', () => {
  it('withdraws its user when another request has taken the name meanwhile', async () => {
    const team = randomUUID();
    const slowClient = table.client();
    let releaseSlowWrite: () => void = () => undefined;
    const slowWriteReached = new Promise<void>((reached) => {
      let writes = 0;
      slowClient.middlewareStack.add(
        (next, context) => async (args) => {
          if (/^Put(Item)?Command$/.test(context.commandName ?? '') && ++writes === 2) {
            reached();
            await new Promise<void>((resume) => (releaseSlowWrite = resume));
          }
          return next(args);
        },
        { step: 'initialize', name: 'pauseUserWrite' },
      );
    });
    const slow = new UserStore(slowClient, table.tableName, now);

    const slowCreate = slow.create(team, attributes('race@example.com'), ACTOR);
    await slowWriteReached;
    afterLease();
    const winner = await healthyStore().create(
      team,
      attributes('race@example.com'),
      ACTOR,
    );
    releaseSlowWrite();

    await expect(slowCreate).rejects.toMatchObject({ status: 409 });
    const page = await healthyStore().list(team, 1, 10);
    expect(page.users.map((user) => user.id)).toEqual([winner.id]);
  });
});

describe('concurrent creates of one userName', () => {
  it('let exactly one succeed and refuse the rest with 409', async () => {
    const team = randomUUID();
    const stores = Array.from({ length: 8 }, () => healthyStore());

    const results = await Promise.allSettled(
      stores.map((store) => store.create(team, attributes('same@example.com'), ACTOR)),
    );

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected')
        expect(result.reason).toMatchObject({ status: 409 });
    }
    expect((await healthyStore().list(team, 1, 10)).totalResults).toBe(1);
  });
});
