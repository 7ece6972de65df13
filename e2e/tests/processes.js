// The workspace's binaries started by a test file that needs its own server or simulator
// (own database, own clock, own simulator settings). A binary that cannot start or exits early
// fails the wait at once instead of after the whole timeout.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TARGET = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');

/** The processes started so far, to stop them after the tests. */
export class Processes {
  constructor() {
    this.children = [];
  }

  /** Starts `target/debug/<binary>` with `env` added to this process's environment. */
  start(binary, env) {
    const child = spawn(join(TARGET, 'debug', binary), [], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, ...env },
    });
    child.on('error', (e) => { child.failure = e; });
    child.on('exit', (code) => { child.failure ??= new Error(`${binary} exited with ${code}`); });
    this.children.push(child);
    return child;
  }

  /** Waits until `url` answers 2xx, for at most a minute. */
  async ready(child, url) {
    for (let i = 0; i < 120; i++) {
      if (child.failure) throw new Error(`${url}: ${child.failure.message}`);
      try {
        if ((await fetch(url)).ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`nothing answered at ${url}`);
  }

  stop() {
    for (const child of this.children) child.kill();
  }
}
