import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

import { ScimError } from '../scim/errors';
import { storeFailure } from '../store/dynamo-failure';
import { loadConfig } from '../runtime/config';
import { createLogger, type Logger } from '../runtime/logger';
import { parseRequest, type ScimRequest } from './scim-request';
import { errorResult, toProxyResult, type ScimResponse } from './scim-response';

/**
 * What the wrapper itself needs, built once per container from the
 * environment alone, not through getServices(): a handler that never
 * touches the table (discovery) then bundles no AWS SDK, and starts cold
 * in a third of the time (see `npm run bench`).
 */
let runtime: { readonly logger: Logger; readonly baseUrl?: string } | undefined;
const handlerRuntime = () =>
  (runtime ??= { logger: createLogger(), baseUrl: loadConfig().baseUrl });

/** A SCIM route's logic: a typed request in, a response out. */
export type ScimRoute = (request: ScimRequest) => Promise<ScimResponse>;

/**
 * Middleware that turns every error into a SCIM error response. It is the
 * one place an unexpected error is logged in full; the client sees a
 * generic 500 without details.
 */
export function scimErrors(): middy.MiddlewareObj<
  APIGatewayProxyEvent,
  APIGatewayProxyResult
> {
  return {
    onError: (request) => {
      const { error } = request;
      const fields = {
        requestId: request.context.awsRequestId,
        team: request.event.requestContext?.authorizer?.teamId as string | undefined,
        operation: `${request.event.httpMethod} ${request.event.resource}`,
      };

      if (error instanceof ScimError && error.status < 500) {
        handlerRuntime().logger.debug('request refused', {
          ...fields,
          status: error.status,
        });
      } else if (storeFailure(error)) {
        // The SDK has already retried; the client is told to come back later.
        handlerRuntime().logger.warn('store unavailable', {
          ...fields,
          errorName: error instanceof Error ? error.name : typeof error,
        });
      } else {
        handlerRuntime().logger.error('request failed', {
          ...fields,
          errorName: error instanceof Error ? error.name : typeof error,
          errorMessage: error instanceof Error ? error.message : undefined,
          stack: error instanceof Error ? error.stack : undefined,
        });
      }
      request.response = errorResult(error);
    },
  };
}

/** Wraps a route in the Lambda handler: parse the event, run the route, answer SCIM. */
export function scimHandler(route: ScimRoute) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(scimErrors())
    .handler(async (event, context) => {
      const request = parseRequest(event, context, handlerRuntime().baseUrl);
      return toProxyResult(await route(request));
    });
}
