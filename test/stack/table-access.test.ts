import fc from 'fast-check';

import { decodeKey } from '../../lambdas/auth/key-provider';
import { ROUTES, handlerNames } from '../../lib/routes';
import {
  CHANGE_FEED_TABLE_ACCESS,
  HANDLER_TABLE_ACCESS,
  TABLE_ACTIONS,
} from '../../lib/table-access';

describe('table access per handler', () => {
  it('gives a handler that serves only GET no write action', () => {
    for (const name of handlerNames()) {
      const methods = ROUTES.filter((route) => route.handler === name).flatMap(
        (route) => route.methods,
      );
      if (methods.every((method) => method === 'GET')) {
        expect(['none', 'read']).toContain(HANDLER_TABLE_ACCESS[name]);
      }
    }
  });

  it('never lists Scan or a transaction in any access level, and a batch write only for the change feed', () => {
    for (const [level, actions] of Object.entries(TABLE_ACTIONS)) {
      for (const action of actions) {
        expect(action).toMatch(/^dynamodb:[A-Za-z]+$/);
        expect(action).not.toMatch(/Scan|Transact/);
        if (action.includes('BatchWrite')) expect(level).toBe(CHANGE_FEED_TABLE_ACCESS);
      }
    }
  });
});

describe('the generated hashing key', () => {
  const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

  it('decodes any 64 letters and digits, as Secrets Manager generates them, to a 48-byte key', () => {
    const secretText = fc
      .array(fc.constantFrom(...ALPHANUMERIC), { minLength: 64, maxLength: 64 })
      .map((chars) => chars.join(''));

    fc.assert(
      fc.property(secretText, (text) => {
        expect(decodeKey(text, 'test').length).toBe(48);
      }),
    );
  });
});
