import { existsSync } from 'node:fs';

import { marshall } from '@aws-sdk/util-dynamodb';

import { ADMIN_HANDLER } from '../lib/admin-function';
import { CHANGE_FEED_HANDLER } from '../lib/change-feed';
import { teamPartition, userSortKey } from '../lambdas/store/keys';
import { AUTHORIZER_HANDLER, handlerNames, ROUTES, SCIM_BASE_PATH } from '../lib/routes';
import type { BundleEntry } from './bundles';
import { handlerEntry, writeHelloWorld, writeSdkBaseline } from './bundles';
import type { OurTarget } from './our-target';
import { proxyEvent } from './our-target';
import type { RequestSpec } from './request-spec';

/** Name of the baseline bundle in the results. */
export const HELLO_WORLD = 'hello-world';

/** Name of the bundle that only makes one GetItem with the AWS SDK (a baseline, not a function). */
export const SDK_BASELINE = 'sdk-get-item';

/** Bundles measured for comparison only: the budgets do not apply to them. */
export const BASELINES: ReadonlySet<string> = new Set([HELLO_WORLD, SDK_BASELINE]);

/**
 * The bundles to measure: one per handler of the route table, the
 * authorizer, the admin function, the change feed, and the hello-world
 * baseline. Each serves the request an IdP most often sends it first (the
 * change feed: the stream record of one created user).
 */
export function bundleEntries(ours: OurTarget, scratchDir: string): BundleEntry[] {
  const entries: BundleEntry[] = [
    { name: HELLO_WORLD, entry: writeHelloWorld(scratchDir), event: {} },
    { name: SDK_BASELINE, entry: writeSdkBaseline(scratchDir), event: {} },
  ];

  for (const name of handlerNames()) {
    const entry = handlerEntry(name);
    if (!entry)
      throw new Error(`The route table names handler ${name}, which has no module`);
    entries.push({ name, entry, event: scimEvent(name, ours) });
  }

  const authorizer = handlerEntry(AUTHORIZER_HANDLER);
  if (authorizer) {
    entries.push({
      name: AUTHORIZER_HANDLER,
      entry: authorizer,
      event: {
        type: 'TOKEN',
        authorizationToken: `Bearer ${ours.token}`,
        methodArn: 'arn:aws:execute-api:local:000000000000:local/local/GET/scim/v2/Users',
      },
    });
  }

  const admin = handlerEntry(ADMIN_HANDLER);
  if (admin && existsSync(admin)) {
    entries.push({ name: ADMIN_HANDLER, entry: admin, event: { command: 'teams list' } });
  }

  const feed = handlerEntry(CHANGE_FEED_HANDLER);
  if (feed)
    entries.push({ name: CHANGE_FEED_HANDLER, entry: feed, event: feedEvent(ours) });
  return entries;
}

/** A GET the handler serves: its list route with a userName look-up, or one resource. */
function scimEvent(handler: string, ours: OurTarget): unknown {
  const routes = ROUTES.filter((r) => r.handler === handler && r.methods.includes('GET'));
  const route = routes.find((r) => !r.path.includes('{')) ?? routes[0];
  if (!route) throw new Error(`Handler ${handler} serves no GET route to start it with`);

  const relative = route.path.slice(SCIM_BASE_PATH.length);
  const id = idFor(relative, ours);
  const spec: RequestSpec = {
    method: 'GET',
    path: relative.replace('{id}', encodeURIComponent(id)),
    ...(relative === '/Users'
      ? { query: { filter: `userName eq "${ours.state.users[0]?.userName ?? ''}"` } }
      : {}),
  };
  // The context the authorizer gives: the team's default role comes with the token.
  return proxyEvent(spec, route.path, route.path.includes('{id}') ? { id } : null, {
    teamId: ours.teamId,
    tokenId: 'cold-start',
    tokenName: 'cold-start',
    defaultRole: 'user',
  });
}

/** The stream record of one user created by a token, as the change feed receives it. */
function feedEvent(ours: OurTarget): unknown {
  const user = ours.state.users[0];
  const at = new Date().toISOString();
  const image = {
    pk: teamPartition(ours.teamId),
    sk: userSortKey(user?.id ?? ''),
    kind: 'user',
    id: user?.id ?? '',
    version: 1,
    lastChange: {
      operation: 'create',
      actor: { type: 'token', tokenId: 'cold-start', tokenName: 'cold-start' },
      at,
    },
  };
  return {
    Records: [
      {
        eventID: 'cold-start',
        eventName: 'INSERT',
        eventSource: 'aws:dynamodb',
        dynamodb: {
          Keys: marshall({ pk: image.pk, sk: image.sk }),
          NewImage: marshall(image),
          SequenceNumber: '1',
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      },
    ],
  };
}

function idFor(path: string, ours: OurTarget): string {
  if (path.startsWith('/Users/')) return ours.state.users[0]?.id ?? '';
  if (path.startsWith('/Groups/')) return ours.state.groupId;
  if (path.startsWith('/Schemas/')) return 'urn:ietf:params:scim:schemas:core:2.0:User';
  if (path.startsWith('/ResourceTypes/')) return 'User';
  return '';
}
