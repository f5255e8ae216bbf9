import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import type { LoadJob, LoadResult } from './load-worker';

/** A load generator in its own process (see load-worker.ts). */
export class LoadClient {
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
  }

  /** Starts the worker process. */
  static start(): LoadClient {
    const child = fork(path.join(__dirname, 'load-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new LoadClient(child);
  }

  /** Sends a job and waits for its result. */
  run(job: LoadJob): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`The load worker exited (code ${String(code)}) during a job`));
      this.child.once('exit', onExit);
      this.child.once('message', (result) => {
        this.child.off('exit', onExit);
        resolve(result as LoadResult);
      });
      this.child.send(job);
    });
  }

  /** Stops the worker. */
  close(): void {
    this.child.disconnect();
    this.child.kill();
  }
}
