/**
 * The admin function: invoked directly with IAM credentials (Lambda
 * Invoke), never routed through the SCIM API, so it is kept out of the
 * route table on purpose.
 */

/** Handler module of the admin function under `lambdas/handlers/`. */
export const ADMIN_HANDLER = 'admin';

/** The function name the local server answers to on its Lambda Invoke path. */
export const LOCAL_ADMIN_FUNCTION_NAME = 'admin';
