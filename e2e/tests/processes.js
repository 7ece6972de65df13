// The workspace's binaries started by a test file that needs its own server or simulator
// (own database, own clock, own simulator settings). A binary that cannot start or exits early
// fails the wait at once instead of after the whole timeout.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

// The simulator's random anomalies, each off so that only the pinned answers differ.
const SHARES = ['NO_RECORD', 'DECEASED', 'ACTIVE', 'UNKNOWN', 'RETIREMENT_EMPTY', 'RETIREMENT_INVALID',
  'NAME_DIFFERS', 'NOT_INSURED', 'SECOND_CODE'];

/**
 * A test file's own simulator (on `port + 1`: `pins` answered, no random anomalies, no
 * latency) and server (on `port`: own SQLite database in a fresh folder, demo data, captcha
 * check off, the demo clock started at `clock`); `simulator` and `server` add or override
 * environment variables.
 */
export class OwnServers {
  constructor(name, port) {
    this.name = name;
    this.base = `http://127.0.0.1:${port}`;
    this.sim = `http://127.0.0.1:${port + 1}`;
    this.port = port;
    this.processes = new Processes();
  }

  async start({ pins, clock, simulator = {}, server = {} }) {
    this.work = mkdtempSync(join(tmpdir(), `rtp-e2e-${this.name}-`));
    const pinsFile = join(this.work, 'pins.json');
    writeFileSync(pinsFile, JSON.stringify(pins));
    const sim = this.processes.start('simulator', {
      SIM_BIND: `127.0.0.1:${this.port + 1}`,
      SIM_PINS_FILE: pinsFile,
      SIM_LATENCY_MS: '0',
      SIM_SS_PERSONS_ITEM_LATENCY_MS: '0',
      SIM_SS_PERSONS_LATENCY_MS: '0',
      SIM_PENSION_ITEM_LATENCY_MS: '0',
      SIM_PENSION_NOT_WITHHOLDABLE_PERMILLE: '0',
      ...Object.fromEntries(SHARES.map((s) => [`SIM_SS_${s}_PERMILLE`, '0'])),
      ...simulator,
    });
    await this.processes.ready(sim, `${this.sim}/healthz`);
    const app = this.processes.start('server', {
      RTP_ENV: 'test',
      RTP_DATABASE_URL: `sqlite://${this.work}/e2e.db?mode=rwc`,
      RTP_DATA_DIR: this.work,
      RTP_BIND: `127.0.0.1:${this.port}`,
      RTP_STATIC_DIR: join(ROOT, 'frontend', 'dist'),
      RTP_CAPTCHA_DISABLED: 'true',
      RTP_SEED_DEMO: 'true',
      RTP_CLOCK_START: clock,
      RTP_SIMULATOR_URL: this.sim,
      ...server,
    });
    await this.processes.ready(app, `${this.base}/readyz`);
  }

  stop() {
    this.processes.stop();
    if (this.work) rmSync(this.work, { recursive: true, force: true });
  }
}
