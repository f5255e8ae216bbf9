import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

import { GATEWAY_RESPONSES, gatewayResponseBody } from '../gateway-responses';

/** Props of {@link ScimWaf}. */
export interface ScimWafProps {
  /** ARN of the API stage to protect. */
  readonly stageArn: string;
  /** Requests one client IP may send per evaluation window before it is blocked. */
  readonly rateLimit: number;
  /** Length of the window WAF counts over, in seconds (60, 120, 300 or 600). @default 300 */
  readonly evaluationWindowSeconds?: number;
}

/** Seconds a client blocked by the rate rule is asked to wait. */
const WAF_RETRY_AFTER_SECONDS = 60;

/**
 * An AWS WAF web ACL with one rate-based rule per client IP, attached to
 * the API stage. It guards against floods before they reach the
 * authorizer; blocked requests get a SCIM 429 body with Retry-After.
 * Sampled requests stay off: WAF would keep full request headers, the
 * bearer token among them, for the console to show.
 */
export class ScimWaf extends Construct {
  /** The web ACL. */
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: ScimWafProps) {
    super(scope, id);

    if (!Number.isInteger(props.rateLimit) || props.rateLimit < 10) {
      throw new Error(
        `WAF rate limit ${props.rateLimit} is not allowed: AWS WAF takes a whole number of requests of at least 10 per window`,
      );
    }

    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: false,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ScimWebAcl'),
      customResponseBodies: {
        throttled: {
          contentType: 'APPLICATION_JSON',
          content: gatewayResponseBody(GATEWAY_RESPONSES.THROTTLED),
        },
      },
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          statement: {
            rateBasedStatement: {
              limit: props.rateLimit,
              aggregateKeyType: 'IP',
              evaluationWindowSec: props.evaluationWindowSeconds ?? 300,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: 'throttled',
                responseHeaders: [
                  { name: 'Retry-After', value: String(WAF_RETRY_AFTER_SECONDS) },
                ],
              },
            },
          },
          visibilityConfig: visibility('ScimRateLimitPerIp'),
        },
      ],
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
