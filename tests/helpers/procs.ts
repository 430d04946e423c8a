import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './cli.ts';

/** A child process whose stdout and stderr are kept (`output()`). */
export type CliChild = ChildProcess & { output(): string };

/**
 * Starts `dieuphoi <args>` as a child process; resolves once stdout shows `ready`. `as` runs it as another
 * user (a test as root uses it to make a folder unwritable for the server).
 */
export async function startCli(
  args: string[],
  env: Record<string, string>,
  ready = /ready/,
  as?: { uid: number; gid: number },
): Promise<CliChild> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'dieuphoi.js'), ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(as ?? {}),
  }) as CliChild;
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} not ready in 60 s: ${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${out}`));
    });
  });
  // The listeners above keep collecting (and draining) both streams.
  child.output = () => out;
  return child;
}

export interface Stopped {
  /** Exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The process did not exit within the grace period and was SIGKILLed by this helper. */
  killed: boolean;
  /** From the signal to the exit. */
  ms: number;
}

/**
 * Sends `signal` and waits for the exit; a process still running after `graceMs` is SIGKILLed (and
 * `killed` says so), so a test never hangs on a process that ignores its signal.
 */
export async function stopChild(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals = 'SIGKILL',
  graceMs = 20_000,
): Promise<Stopped> {
  if (!child || child.exitCode !== null || child.signalCode !== null)
    return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null, killed: false, ms: 0 };
  const started = performance.now();
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill(signal);
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, graceMs);
  try {
    const [code, sig] = await exited;
    return { code, signal: sig, killed, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for a child's exit (at most `ms`; then it is SIGKILLed and `killed` is true). */
export async function waitExit(child: ChildProcess, ms: number): Promise<Stopped> {
  const started = performance.now();
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode, killed: false, ms: 0 };
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, ms);
  try {
    const [code, sig] = await exited;
    return { code, signal: sig, killed, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** A free TCP port on 127.0.0.1 (the benches' own helper). */
export { freePort } from '../../scripts/lib/free-port.ts';

/**
 * A TCP proxy we control, to cut a service off without stopping it (the shared PostgreSQL stays up for
 * the other test files): `cut()` closes the listener and drops every connection; `restore()` listens again.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async restore(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
  }

  async cut(): Promise<void> {
    const closed = new Promise((r) => this.server?.close(r));
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }
}
