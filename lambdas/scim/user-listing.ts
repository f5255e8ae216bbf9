import type { UserStore } from '../store/user-store';
import { decodeCursor, encodeCursor } from './cursor';
import { compileFilter, type ResourcePredicate } from './filter/evaluate-filter';
import { parseFilter } from './filter/parse-filter';
import { planUserFilter, type UserLookup } from './filter/plan-user-filter';
import type { ListRequest } from './list-request';
import type { JsonObject } from './normalize';
import { USER_RESOURCE_SCHEMA } from './resource-schema';
import type { UserRecord } from './user-resource';

/** Renders stored users as SCIM resources (the handler knows the base URL and default role). */
export type RenderUsers = (users: readonly UserRecord[]) => Promise<JsonObject[]>;

/** One page of a user list, rendered, before projection. */
export interface UserListPage {
  readonly resources: JsonObject[];
  readonly totalResults: number;
  /** Set for index paging. */
  readonly startIndex?: number;
  /** Set for cursor paging when another page may follow. */
  readonly nextCursor?: string;
}

/** Users read per Query while a filter is evaluated over the whole team. */
const SCAN_PAGE = 500;

/**
 * Answers GET /Users and POST /Users/.search. Without a filter, pages
 * come straight from the team partition in id order. With a filter, the
 * planner picks a key look-up (id, userName, externalId, work e-mail) or
 * a read of the team's users page by page; either way every candidate is
 * checked against the whole filter, so a look-up never answers more than
 * the filter allows. Matches are in id order, which index and cursor
 * paging both walk.
 */
export async function listUsers(
  store: UserStore,
  teamId: string,
  request: ListRequest,
  render: RenderUsers,
): Promise<UserListPage> {
  const afterId =
    request.cursor === undefined || request.cursor === ''
      ? undefined
      : decodeCursor(teamId, request.cursor);

  if (request.filter === undefined) {
    if (request.cursor === undefined) {
      const page = await store.list(teamId, request.startIndex, request.count);
      return {
        resources: await render(page.users),
        totalResults: page.totalResults,
        startIndex: request.startIndex,
      };
    }
    const [page, totalResults] = await Promise.all([
      request.count > 0
        ? store.listAfter(teamId, afterId, request.count)
        : { users: [], more: false },
      store.count(teamId),
    ]);
    const last = page.users[page.users.length - 1];
    return {
      resources: await render(page.users),
      totalResults,
      ...(page.more && last ? { nextCursor: encodeCursor(teamId, last.id) } : {}),
    };
  }

  const filter = parseFilter(request.filter);
  const predicate = compileFilter(filter, USER_RESOURCE_SCHEMA);
  const plan = planUserFilter(filter);
  const matches =
    plan.kind === 'lookup'
      ? await matchLookup(store, teamId, plan.lookup, predicate, render)
      : await matchScan(store, teamId, predicate, render);

  if (request.cursor === undefined) {
    const start = request.startIndex - 1;
    return {
      resources: matches
        .slice(start, start + request.count)
        .map((match) => match.resource),
      totalResults: matches.length,
      startIndex: request.startIndex,
    };
  }
  const remaining = matches.filter(
    (match) => afterId === undefined || match.user.id > afterId,
  );
  const page = remaining.slice(0, request.count);
  const last = page[page.length - 1];
  return {
    resources: page.map((match) => match.resource),
    totalResults: matches.length,
    ...(remaining.length > page.length && last
      ? { nextCursor: encodeCursor(teamId, last.user.id) }
      : {}),
  };
}

interface Match {
  readonly user: UserRecord;
  readonly resource: JsonObject;
}

async function matchLookup(
  store: UserStore,
  teamId: string,
  lookup: UserLookup,
  predicate: ResourcePredicate,
  render: RenderUsers,
): Promise<Match[]> {
  const candidates = await lookUp(store, teamId, lookup);
  const unique = [...new Map(candidates.map((user) => [user.id, user])).values()];
  unique.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keepMatching(unique, predicate, render);
}

async function lookUp(
  store: UserStore,
  teamId: string,
  lookup: UserLookup,
): Promise<UserRecord[]> {
  switch (lookup.by) {
    case 'id': {
      const user = await store.get(teamId, lookup.value);
      return user ? [user] : [];
    }
    case 'userName': {
      const user = await store.findByUserName(teamId, lookup.value);
      return user ? [user] : [];
    }
    case 'externalId':
      return store.findByExternalId(teamId, lookup.value);
    case 'workEmail':
      return store.findByWorkEmail(teamId, lookup.value);
  }
}

/** Reads the whole team, SCAN_PAGE users per Query, keeping the matches. */
async function matchScan(
  store: UserStore,
  teamId: string,
  predicate: ResourcePredicate,
  render: RenderUsers,
): Promise<Match[]> {
  const matches: Match[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await store.listAfter(teamId, afterId, SCAN_PAGE);
    matches.push(...(await keepMatching(page.users, predicate, render)));
    const last = page.users[page.users.length - 1];
    if (!page.more || !last) return matches;
    afterId = last.id;
  }
}

async function keepMatching(
  users: readonly UserRecord[],
  predicate: ResourcePredicate,
  render: RenderUsers,
): Promise<Match[]> {
  const resources = await render(users);
  return users.flatMap((user, index) => {
    const resource = resources[index];
    return resource && predicate(resource) ? [{ user, resource }] : [];
  });
}
