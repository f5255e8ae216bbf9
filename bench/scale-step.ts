import { encodeCursor } from '../lambdas/scim/cursor';
import type { LoadClient } from './load-client';
import type { SeededUser } from './operations';
import { findGroupId, type OurTarget } from './our-target';
import { seedTeam } from './seed-team';
import { toWire, type RequestSpec } from './request-spec';
import { median, round } from './stats';

/** The scale figures of one operation: median ms with the small and the large team. */
export interface ScaleFigure {
  readonly at1k: number;
  readonly at100k: number | null;
}

/** What the scale step measured. */
export interface ScaleResult {
  /** Operations the 1.5x budget applies to. */
  readonly scale: Record<string, ScaleFigure>;
  /** Shown for the record, outside the budget (see `note`). */
  readonly info: Record<string, ScaleFigure & { readonly note: string }>;
  readonly largeTeam: number;
  readonly seedSeconds: Record<string, number>;
}

/** Users of the small team. */
export const SMALL_TEAM = 1_000;

/** Depth of the "deep page" measured at both sizes: the last page of the small team. */
const DEEP = 900;

/** Members put in the group of each scale team (the membership checks ask about them). */
const MEMBERS = 20;

type Probe = (users: readonly SeededUser[], k: number) => RequestSpec;

interface TeamUnderTest {
  readonly token: string;
  readonly teamId: string;
  readonly users: readonly SeededUser[];
  readonly groupId: string;
}

/**
 * Seeds a team of 1,000 users and one of `largeTeam` users, and times
 * the requests whose cost must not grow with the team: a userName
 * look-up, a membership check, the first page, and a page at depth 900
 * by startIndex and by cursor. Requests are sent one at a time and the
 * median is reported.
 */
export async function measureScale(
  ours: OurTarget,
  load: LoadClient,
  options: { readonly largeTeam: number; readonly samples: number },
  progress: (line: string) => void,
): Promise<ScaleResult> {
  const seedSeconds: Record<string, number> = {};
  const teams: TeamUnderTest[] = [];
  for (const size of [SMALL_TEAM, options.largeTeam]) {
    progress(`scale: seeding a team of ${size} users`);
    const { token, teamId } = await ours.openTeam(`scale-${size}`);
    const seeded = await seedTeam(ours.service, teamId, `scale${size}`, size, progress);
    seedSeconds[String(size)] = round(seeded.seconds, 1);
    const groupId = await findGroupId(ours.baseUrl, token, 'user');
    await addMembers(ours.baseUrl, token, groupId, seeded.users.slice(0, MEMBERS));
    teams.push({ token, teamId, users: seeded.users, groupId });
  }

  const spread = (users: readonly SeededUser[], k: number) =>
    users[
      Math.floor(((k + 0.5) * users.length) / options.samples) % users.length
    ] as SeededUser;
  const cursorAt = (team: TeamUnderTest, depth: number) =>
    encodeCursor(team.teamId, (team.users[depth - 1] as SeededUser).id);

  const probes: Record<string, (team: TeamUnderTest) => Probe> = {
    lookupUserName: () => (users, k) => ({
      method: 'GET',
      path: '/Users',
      query: { filter: `userName eq "${spread(users, k).userName}"` },
    }),
    membershipCheck: (team) => (users, k) => ({
      method: 'GET',
      path: '/Groups',
      query: {
        filter: `id eq "${team.groupId}" and members eq "${(users[k % MEMBERS] as SeededUser).id}"`,
        attributes: 'id',
      },
    }),
    firstPage: () => () => ({
      method: 'GET',
      path: '/Users',
      query: { startIndex: '1', count: '100' },
    }),
    deepPageStartIndex: () => () => ({
      method: 'GET',
      path: '/Users',
      query: { startIndex: String(DEEP + 1), count: '100' },
    }),
    deepPageCursor: (team) => () => ({
      method: 'GET',
      path: '/Users',
      query: { cursor: cursorAt(team, DEEP), count: '100' },
    }),
  };
  const infoProbes: Record<
    string,
    { note: string; probe: (team: TeamUnderTest) => Probe }
  > = {
    lastPageStartIndex: {
      note: 'startIndex of the last page: index paging reads every user before it (O(startIndex)); IdPs that walk large teams should use the cursor',
      probe: (team) => () => ({
        method: 'GET',
        path: '/Users',
        query: { startIndex: String(team.users.length - 99), count: '100' },
      }),
    },
    lastPageCursor: {
      note: 'cursor of the last page',
      probe: (team) => () => ({
        method: 'GET',
        path: '/Users',
        query: { cursor: cursorAt(team, team.users.length - 100), count: '100' },
      }),
    },
  };

  const send = async (
    team: TeamUnderTest,
    probe: Probe,
    from: number,
    samples: number,
  ) => {
    const requests = Array.from({ length: samples }, (_, k) =>
      toWire(probe(team.users, from + k), ours.baseUrl, team.token),
    );
    const result = await load.run({ requests, concurrency: 1, expect: [200] });
    if (result.errors > 0)
      throw new Error(`scale: ${result.firstError ?? 'request failed'}`);
    return result.latenciesMs;
  };
  // Both sizes warm up first, then take turns in small batches, so that
  // neither is measured colder or at a noisier moment than the other.
  const compare = async (
    small: [TeamUnderTest, Probe],
    large: [TeamUnderTest, Probe],
    samples: number,
  ) => {
    await send(...small, 0, 2);
    await send(...large, 0, 2);
    const times: [number[], number[]] = [[], []];
    for (let k = 0; k < samples; k += 3) {
      const batch = Math.min(3, samples - k);
      times[0].push(...(await send(...small, k, batch)));
      times[1].push(...(await send(...large, k, batch)));
    }
    return { at1k: round(median(times[0])), at100k: round(median(times[1])) };
  };
  const [small, large] = teams as [TeamUnderTest, TeamUnderTest];

  const scale: Record<string, ScaleFigure> = {};
  for (const [name, probe] of Object.entries(probes)) {
    progress(`scale: ${name}`);
    scale[name] = await compare(
      [small, probe(small)],
      [large, probe(large)],
      options.samples,
    );
  }
  const info: ScaleResult['info'] = {};
  for (const [name, { note, probe }] of Object.entries(infoProbes)) {
    progress(`scale: ${name}`);
    info[name] = {
      ...(await compare([small, probe(small)], [large, probe(large)], 3)),
      note,
    };
  }
  return { scale, info, largeTeam: options.largeTeam, seedSeconds };
}

async function addMembers(
  baseUrl: string,
  token: string,
  groupId: string,
  members: readonly SeededUser[],
): Promise<void> {
  const response = await fetch(`${baseUrl}/Groups/${groupId}`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/scim+json',
    },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        { op: 'add', path: 'members', value: members.map((m) => ({ value: m.id })) },
      ],
    }),
  });
  if (response.status >= 300) {
    throw new Error(
      `Adding members answered ${response.status}: ${await response.text()}`,
    );
  }
}
