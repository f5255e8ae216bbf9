import { runFuzz } from '../fuzz/run-fuzz';

// The long run is `npm run fuzz` (10,000 requests); this short one keeps every CI run honest.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

describe('generated requests', () => {
  it('never get a 5xx, and every error is a SCIM error body', async () => {
    const summary = await runFuzz(RUNS);

    expect(summary.failure).toBeUndefined();
    expect(summary.requests).toBeGreaterThanOrEqual(RUNS);
    expect(summary.leakedToken).toBe(0);
  }, 180_000);
});
