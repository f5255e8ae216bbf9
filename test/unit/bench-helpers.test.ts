import { parseBenchArgs } from '../../bench/args';
import { checkBudgets } from '../../bench/budgets';
import { median, quantile, ratio, summarize } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes the nearest-rank quantile, so p99 of 100 samples is the 99th smallest', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);

    expect(quantile(samples, 0.99)).toBe(99);
    expect(quantile(samples, 1)).toBe(100);
    expect(quantile(samples, 0)).toBe(1);
  });

  it('gives the lower middle sample as the median of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([7])).toBe(7);
  });

  it('gives NaN for no samples and refuses a quantile outside 0..1', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('leaves a ratio undefined when the peer figure is missing or zero', () => {
    expect(ratio(10, 4)).toBe(2.5);
    expect(ratio(10, 0)).toBeUndefined();
    expect(ratio(undefined, 4)).toBeUndefined();
  });

  it('summarises latencies into p50, p99 and requests per second of wall time', () => {
    const summary = summarize([10, 20, 30, 40], 2000, 1);

    expect(summary).toEqual({ p50Ms: 20, p99Ms: 40, rps: 2, requests: 4, errors: 1 });
  });

  it('gives the CPU time per request when the run measured it', () => {
    expect(summarize([10, 20, 30, 40], 2000, 0, 6).cpuMsPerRequest).toBe(1.5);
    expect(summarize([], 0, 0, 6).cpuMsPerRequest).toBeUndefined();
  });
});

describe('bench arguments', () => {
  it('defaults to a full run of every step', () => {
    const options = parseBenchArgs([]);

    expect(options).toMatchObject({ json: false, quick: false, largeTeam: 100_000 });
    expect([...options.steps]).toEqual(['bundles', 'ops', 'peer', 'scale', 'capacity']);
  });

  it('shortens the run with --quick and reads values in both option forms', () => {
    const options = parseBenchArgs([
      '--quick',
      '--json',
      '--large-team=20_000',
      '--only',
      'ops',
    ]);

    expect(options).toMatchObject({ json: true, quick: true, largeTeam: 20_000 });
    expect([...options.steps]).toEqual(['ops']);
  });

  it('refuses unknown options, unknown steps and non-positive numbers', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option --fast/);
    expect(() => parseBenchArgs(['--only', 'bundle'])).toThrow(/--only takes/);
    expect(() => parseBenchArgs(['--requests', '0'])).toThrow(/positive integer/);
  });
});

describe('bench budgets', () => {
  it('fails a scale figure above 1.5x and passes one below', () => {
    const checks = checkBudgets({
      scale: { firstPage: { at1k: 10, at100k: 16 }, lookup: { at1k: 10, at100k: 14 } },
    });

    expect(checks.map((check) => check.pass)).toEqual([false, true]);
  });

  it('counts the authorizer write over all counted calls, not per call', () => {
    const authorizer = (writesInAll: number) => ({
      name: 'authorizer' as const,
      label: 'authorizer',
      ours: {
        p50Ms: 1,
        p99Ms: 1,
        rps: 1,
        requests: 1,
        errors: 0,
        dynamoCalls: 2,
        reads: 1,
        writes: 1,
        writesInAll,
        byCommand: {},
      },
    });

    const once = checkBudgets({ ops: [authorizer(1)] }).find((c) =>
      c.budget.startsWith('authorizer'),
    );
    const twice = checkBudgets({ ops: [authorizer(2)] }).find((c) =>
      c.budget.startsWith('authorizer'),
    );

    expect(once?.pass).toBe(true);
    expect(twice?.pass).toBe(false);
  });
});
