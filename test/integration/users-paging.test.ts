import { startTestServer, userBody, type TestServer } from '../support/local-server';

let server: TestServer;
const live = new Set<string>();

beforeAll(async () => {
  server = await startTestServer();
  for (let index = 0; index < 23; index++) await create();
});

afterAll(async () => {
  await server.service.close();
});

async function create(): Promise<string> {
  const response = await server.request('POST', '/Users', { body: userBody() });
  expect(response.status).toBe(201);
  live.add(response.json.id);
  return response.json.id;
}

async function remove(id: string) {
  const response = await server.request('DELETE', `/Users/${id}`);
  expect(response.status).toBe(204);
  live.delete(id);
}

async function cursorPage(cursor: string, count: number, filter?: string) {
  const filterPart = filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`;
  const response = await server.request(
    'GET',
    `/Users?count=${count}&cursor=${encodeURIComponent(cursor)}${filterPart}`,
  );
  expect(response.status).toBe(200);
  return response.json;
}

/**
 * Pages through the team by startIndex until startIndex passes
 * totalResults, as Okta's import does; `between` runs after each page.
 */
async function walkByIndex(count: number, between?: (seen: string[]) => Promise<void>) {
  const seen: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- list responses as parsed
  const pages: any[] = [];
  let startIndex = 1;
  let total = Infinity;

  while (startIndex <= total) {
    const response = await server.request(
      'GET',
      `/Users?startIndex=${startIndex}&count=${count}`,
    );
    pages.push(response.json);
    seen.push(...response.json.Resources.map((user: { id: string }) => user.id));
    total = response.json.totalResults;
    startIndex += count;
    await between?.(seen);
  }
  return { seen, pages };
}

describe('index paging (IDP-TRAFFIC F37/F38)', () => {
  it('walks every user exactly once with integer paging fields', async () => {
    const { seen, pages } = await walkByIndex(5);

    pages.forEach((page, n) =>
      expect(page).toMatchObject({
        startIndex: 1 + 5 * n,
        itemsPerPage: expect.any(Number),
        totalResults: expect.any(Number),
      }),
    );
    expect(seen).toHaveLength(live.size);
    expect(new Set(seen)).toEqual(live);
  });

  it('returns each user once while users are created between pages', async () => {
    const before = new Set(live);
    const { seen } = await walkByIndex(4, async (seenSoFar) => {
      if (seenSoFar.length < 20) await create();
    });

    expect(new Set(seen).size).toBe(seen.length);
    for (const id of before) expect(seen).toContain(id);
  });

  it('never repeats a user while users are deleted between pages', async () => {
    const seen: string[] = [];
    let startIndex = 1;
    let total = Infinity;

    while (startIndex <= total) {
      const response = await server.request(
        'GET',
        `/Users?startIndex=${startIndex}&count=4`,
      );
      const ids = response.json.Resources.map((user: { id: string }) => user.id);
      seen.push(...ids);
      total = response.json.totalResults;
      startIndex += 4;
      if (ids[0] !== undefined && seen.length < 16) await remove(ids[0]);
    }

    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('index paging while the change feed lags', () => {
  it('still reaches every user, created a moment ago included, and ends exact', async () => {
    await server.service.settle();
    server.service.feed.pause();
    try {
      for (let index = 0; index < 4; index++) await create();
      const { seen, pages } = await walkByIndex(5);

      expect(server.service.feed.backlog).toBeGreaterThanOrEqual(4);
      expect(new Set(seen)).toEqual(live);
      expect(pages.at(-1)?.totalResults).toBe(live.size);
    } finally {
      server.service.feed.resume();
    }
  });
});

describe('cursor paging (RFC 9865)', () => {
  it('walks every user exactly once while users are created and deleted between pages', async () => {
    const seen: string[] = [];
    const survivors = new Set(live);
    const deleted = new Set<string>();
    let page = await cursorPage('', 4);
    let rounds = 0;

    for (;;) {
      seen.push(...page.Resources.map((user: { id: string }) => user.id));
      if (page.nextCursor === undefined) break;

      rounds++;
      if (rounds % 2 === 0) {
        const unseen = [...survivors].find((id) => !seen.includes(id));
        if (unseen) {
          await remove(unseen);
          survivors.delete(unseen);
          deleted.add(unseen);
        }
      } else {
        await create();
      }
      // totalResults comes from the count the change feed keeps.
      await server.service.settle();
      page = await cursorPage(page.nextCursor, 4);
    }

    expect(new Set(seen).size).toBe(seen.length);
    for (const id of survivors) expect(seen).toContain(id);
    for (const id of deleted) expect(seen).not.toContain(id);
    expect(page.totalResults).toBe(live.size);
    expect(page.startIndex).toBeUndefined();
  });

  it('pages through filtered results with a cursor', async () => {
    const seen: string[] = [];
    let page = await cursorPage('', 3, 'userName sw "user."');

    for (;;) {
      seen.push(...page.Resources.map((user: { id: string }) => user.id));
      if (page.nextCursor === undefined) break;
      page = await cursorPage(page.nextCursor, 3, 'userName sw "user."');
    }

    expect(new Set(seen)).toEqual(live);
    expect(seen).toHaveLength(live.size);
  });

  it('answers 400 invalidCursor to a tampered cursor or one from another team', async () => {
    const first = await cursorPage('', 2);
    const otherTeamToken = await server.service.issueToken(`other-${Date.now()}`, 'test');
    const other = await server.request('GET', '/Users?count=1&cursor=', {
      token: otherTeamToken,
    });
    expect(other.status).toBe(200);

    const replayed = await server.request(
      'GET',
      `/Users?count=2&cursor=${encodeURIComponent(first.nextCursor)}`,
      { token: otherTeamToken },
    );
    const tampered = await server.request('GET', '/Users?count=2&cursor=not-a-cursor');

    expect(replayed.status).toBe(400);
    expect(replayed.json).toMatchObject({ status: '400', scimType: 'invalidCursor' });
    expect(tampered.json.scimType).toBe('invalidCursor');
  });

  it('refuses startIndex together with cursor', async () => {
    const response = await server.request('GET', '/Users?startIndex=1&cursor=');

    expect(response.status).toBe(400);
    expect(response.json.scimType).toBe('invalidValue');
  });
});

describe('ServiceProviderConfig', () => {
  it('states PATCH, filter maxResults, ETags, no sort, and both paging methods', async () => {
    const response = await server.request('GET', '/ServiceProviderConfig');

    expect(response.json).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 200 },
      etag: { supported: true },
      sort: { supported: false },
      pagination: { cursor: true, index: true, maxPageSize: 200 },
    });
  });
});
