/**
 * Starts a real redis-server on a free local port for a test file. Outside CI, a machine without
 * redis-server skips those tests with `redisSkipReason`; in CI (process.env.CI) its absence fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

function findRedis(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

export const redisBin = findRedis();

if (!redisBin && process.env.CI) {
  throw new Error('redis-server is not on PATH but CI is set: .ci/run must install it (apt-get install -y redis-server)');
}

/** false when redis-server is present, else why the Redis tests are skipped. */
export const redisSkipReason: string | false = redisBin
  ? false
  : 'redis-server not found on PATH (apt-get install -y redis-server); Redis tests skipped outside CI';

// Said once on stderr too: the default reporter shows only a count of skipped tests.
if (redisSkipReason) console.warn(`perf-lint tests: ${redisSkipReason}`);

/** A free TCP port on 127.0.0.1 (the kernel picks it; released before redis binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) done(buf.startsWith('+PONG'));
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server abruptly (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Stops it for good (afterAll). */
  stop(): Promise<void>;
}

/** Spawns `redis-server --port N --save '' --appendonly no` and waits until it answers PING. */
export async function startRedis(port?: number): Promise<RedisServer> {
  if (!redisBin) throw new Error(String(redisSkipReason));
  const p = port ?? (await freePort());
  let child: ChildProcess | null = null;
  let log = '';

  const launch = async () => {
    log = '';
    child = spawn(redisBin, ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'local'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${log.slice(-500)}`);
      if (await ping(p)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${p} did not answer PING within 10 s: ${log.slice(-500)}`);
  };

  const halt = async (signal: NodeJS.Signals) => {
    const c = child as ChildProcess | null;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };

  await launch();
  return {
    port: p,
    url: `redis://127.0.0.1:${p}`,
    kill: () => halt('SIGKILL'),
    start: launch,
    stop: () => halt('SIGTERM'),
  };
}
