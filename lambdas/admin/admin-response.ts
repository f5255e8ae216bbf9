/** What the admin Lambda answers: a result, or an error the CLI prints on one line. */
export type AdminResponse =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly error: { readonly code: string; readonly message: string };
    };
