import type { LoadClient } from './load-client';
import { userDocument, type SeededUser } from './operations';
import type { OurTarget } from './our-target';
import { toWire, type WireRequest } from './request-spec';
import { seedTeam } from './seed-team';
import { summarize, type LoadSummary } from './stats';

/** Teams the capacity step spreads its load over. */
export const CAPACITY_TEAMS = 10;

/** Users seeded in each of those teams. */
const USERS_PER_TEAM = 200;

/** One workload run spread over many teams and concentrated on one. */
export interface CapacityFigure {
  readonly spread: LoadSummary;
  readonly hot: LoadSummary;
}

/** What the capacity step measured. */
export interface CapacityResult {
  readonly teams: number;
  readonly getUser: CapacityFigure;
  readonly create: CapacityFigure;
}

interface Team {
  readonly token: string;
  readonly users: readonly SeededUser[];
}

let created = 0;

/**
 * Sends the same load twice: spread over {@link CAPACITY_TEAMS} teams,
 * then all of it to one hot team. Locally there are no partitions, so
 * this shows whether anything in our code serialises a team's requests
 * (a shared item on the read path, a lock); the partition limits that
 * bind on AWS are worked out on paper in the README.
 */
export async function measureCapacity(
  ours: OurTarget,
  load: LoadClient,
  options: { readonly requests: number; readonly concurrency: number },
  progress: (line: string) => void,
): Promise<CapacityResult> {
  const teams: Team[] = [];
  for (let t = 0; t < CAPACITY_TEAMS; t++) {
    const { token, teamId } = await ours.openTeam(`capacity-${t}`);
    const seeded = await seedTeam(
      ours.service,
      teamId,
      `cap${t}`,
      USERS_PER_TEAM,
      progress,
    );
    teams.push({ token, users: seeded.users });
  }
  progress(`capacity: ${CAPACITY_TEAMS} teams seeded`);

  const getUser = (team: Team, i: number): WireRequest =>
    toWire(
      {
        method: 'GET',
        path: `/Users/${(team.users[i % team.users.length] as SeededUser).id}`,
      },
      ours.baseUrl,
      team.token,
    );
  const create = (team: Team): WireRequest =>
    toWire(
      {
        method: 'POST',
        path: '/Users',
        body: userDocument(`capacity.${process.pid}.${created++}@example.com`),
      },
      ours.baseUrl,
      team.token,
    );

  const run = async (build: (i: number) => WireRequest, expect: number[]) => {
    const requests = Array.from({ length: options.requests }, (_, i) => build(i));
    const result = await load.run({ requests, concurrency: options.concurrency, expect });
    return summarize(result.latenciesMs, result.wallMs, result.errors);
  };
  const teamAt = (i: number) => teams[i % teams.length] as Team;
  const hotTeam = teams[0] as Team;

  // Warm both paths first, so the run measured first is not the colder one.
  const warmUp = options.concurrency * 4;
  await load.run({
    requests: Array.from({ length: warmUp }, (_, i) => getUser(teamAt(i), i)),
    concurrency: options.concurrency,
    expect: [200],
  });
  await load.run({
    requests: Array.from({ length: warmUp }, (_, i) => create(teamAt(i))),
    concurrency: options.concurrency,
    expect: [201],
  });

  progress('capacity: GET /Users/{id}, spread and hot');
  const getSpread = await run(
    (i) => getUser(teamAt(i), Math.floor(i / teams.length)),
    [200],
  );
  const getHot = await run((i) => getUser(hotTeam, i), [200]);
  progress('capacity: POST /Users, spread and hot');
  const createSpread = await run((i) => create(teamAt(i)), [201]);
  const createHot = await run(() => create(hotTeam), [201]);

  return {
    teams: CAPACITY_TEAMS,
    getUser: { spread: getSpread, hot: getHot },
    create: { spread: createSpread, hot: createHot },
  };
}
