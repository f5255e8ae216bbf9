import { supportedFromArgs } from '../../bench/bundles';
import { SCIM_BUNDLING } from '../../lib/constructs/scim-function';

describe('bench bundling follows the stack', () => {
  it("applies the stack's esbuild arguments (dynamic import() turned into require)", () => {
    expect(supportedFromArgs(SCIM_BUNDLING.esbuildArgs)).toEqual({
      'dynamic-import': false,
    });
  });

  it('refuses an esbuild argument it cannot apply, instead of bundling differently', () => {
    expect(() => supportedFromArgs({ '--drop': 'console' })).toThrow(/--drop=console/);
    expect(() => supportedFromArgs({ '--supported:bigint': 'maybe' })).toThrow(
      /--supported:bigint=maybe/,
    );
  });
});
