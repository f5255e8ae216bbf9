import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

import { seededUserName, userDocument, type Operation } from './operations';
import type { SeedPlan, Target } from './target';

type Stored = Record<string, unknown> & { id: string };

const TOKEN = 'peer-bench-token';

/**
 * The peer: SCIMMY's User and Group resources behind SCIMMY's express
 * routers, on an in-memory store with the indexes a careful integrator
 * would add (by id, by lower-cased userName), and list pages cut before
 * SCIMMY renders them, so the peer gets its best showing.
 */
export async function startPeerTarget(plan: SeedPlan): Promise<Target> {
  const users = new Map<string, Stored>();
  const byUserName = new Map<string, string>();
  const groups = new Map<string, Stored>();

  declareUsers(users, byUserName);
  declareGroups(groups);

  const app = express();
  app.use(
    '/scim/v2',
    new SCIMMYRouters({
      type: 'bearer',
      handler: (request) => {
        if (request.header('Authorization') !== `Bearer ${TOKEN}`) {
          throw new Error('Authorization not detected');
        }
        return 'bench';
      },
    }) as unknown as express.RequestHandler,
  );

  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const port = (server.address() as AddressInfo).port;

  const store = (userName: string) => {
    const id = randomUUID();
    const now = new Date().toISOString();
    const user = {
      ...userDocument(userName),
      id,
      meta: { created: now, lastModified: now },
    };
    users.set(id, user);
    byUserName.set(userName.toLowerCase(), id);
    return { id, userName };
  };
  const seeded = Array.from({ length: plan.users }, (_, n) =>
    store(seededUserName('peer', n)),
  );
  const doomed = Array.from(
    { length: plan.doomed },
    (_, n) => store(seededUserName('peer-doomed', n)).id,
  );
  const groupId = randomUUID();
  groups.set(groupId, { id: groupId, displayName: 'user', members: [] });

  return {
    name: `scimmy ${version('scimmy')} + scimmy-routers ${version('scimmy-routers')} + express ${version('express')}`,
    baseUrl: `http://127.0.0.1:${port}/scim/v2`,
    token: TOKEN,
    state: { users: seeded, doomed, groupId },
    supports: (_operation: Operation) => true,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function declareUsers(users: Map<string, Stored>, byUserName: Map<string, string>) {
  SCIMMY.Resources.declare(SCIMMY.Resources.User)
    .ingress((resource, instance) => {
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      const userName = String(data.userName).toLowerCase();
      const holder = byUserName.get(userName);
      if (holder !== undefined && holder !== resource.id) {
        throw new SCIMMY.Types.Error(409, 'uniqueness', `userName ${userName} is taken`);
      }

      const now = new Date().toISOString();
      const previous = resource.id ? users.get(resource.id) : undefined;
      if (resource.id && !previous)
        throw new SCIMMY.Types.Error(404, null as unknown as string, 'not found');
      const id = resource.id ?? randomUUID();
      const created =
        (previous?.meta as { created?: string } | undefined)?.created ?? now;
      const stored: Stored = { ...data, id, meta: { created, lastModified: now } };

      if (previous) byUserName.delete(String(previous.userName).toLowerCase());
      users.set(id, stored);
      byUserName.set(userName, id);
      return handOver(stored);
    })
    .egress((resource) => {
      if (resource.id) {
        const user = users.get(resource.id);
        if (!user)
          throw new SCIMMY.Types.Error(
            404,
            null as unknown as string,
            `User ${resource.id} not found`,
          );
        return handOver(user);
      }

      const filter = resource.filter;
      const only =
        filter?.length === 1 ? (filter[0] as Record<string, unknown>) : undefined;
      const userNameEq = only?.userName as [string, string] | undefined;
      if (only && Object.keys(only).length === 1 && userNameEq?.[0] === 'eq') {
        const id = byUserName.get(String(userNameEq[1]).toLowerCase());
        const user = id === undefined ? undefined : users.get(id);
        return handOver(user ? [user] : []);
      }

      const all = [...users.values()];
      const matches = filter ? filter.match(all) : all;
      return handOver(page(resource, matches));
    })
    .degress((resource) => {
      const user = resource.id ? users.get(resource.id) : undefined;
      if (!user)
        throw new SCIMMY.Types.Error(
          404,
          null as unknown as string,
          `User ${resource.id} not found`,
        );
      users.delete(user.id);
      byUserName.delete(String(user.userName).toLowerCase());
    });
}

function declareGroups(groups: Map<string, Stored>) {
  SCIMMY.Resources.declare(SCIMMY.Resources.Group)
    .ingress((resource, instance) => {
      const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
      const id = resource.id ?? randomUUID();
      const stored: Stored = { ...data, id, members: data.members ?? [] };
      groups.set(id, stored);
      return handOver(stored);
    })
    .egress((resource) => {
      if (resource.id) {
        const group = groups.get(resource.id);
        if (!group)
          throw new SCIMMY.Types.Error(
            404,
            null as unknown as string,
            `Group ${resource.id} not found`,
          );
        return handOver(group);
      }
      const all = [...groups.values()];
      return handOver(page(resource, resource.filter ? resource.filter.match(all) : all));
    })
    .degress((resource) => {
      if (resource.id) groups.delete(resource.id);
    });
}

/**
 * Cuts the page before SCIMMY renders it (SCIMMY would otherwise render
 * every match and slice afterwards), telling it the total.
 */
function page(
  resource: { constraints?: { startIndex?: number; count?: number } },
  matches: Stored[],
): Stored[] {
  const constraints = (resource.constraints ??= {}) as {
    startIndex?: number;
    count?: number;
    totalResults?: number;
  };
  const start = Math.max(1, constraints.startIndex ?? 1);
  const count = constraints.count ?? 20;
  constraints.totalResults = matches.length;
  return matches.slice(start - 1, start - 1 + count);
}

/** Our plain stored objects, handed to SCIMMY, which coerces them through its schema. */
function handOver(value: Stored | Stored[]): never {
  return value as never;
}

function version(name: string): string {
  const manifest = path.join(__dirname, '..', 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
