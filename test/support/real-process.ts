import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RealProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The service as `npm start` runs it: a real process from src/main.ts (through ts-node, so no
 * build is needed), with the given environment on top of this one.
 */
export function startService(env: Record<string, string>): RealProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    // Never the service's MONGODB_URI from the calling shell: these runs use the embedded store.
    env: { ...process.env, MONGODB_URI: '', ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, output: () => output, exited };
}

/** The benchmarks' helper: a TCP port on 127.0.0.1 that nothing listens on right now. */
export { freePort } from '../../bench/support/free-port';

/** Polls `url` until it answers (any status), or throws after `deadlineMs`. */
export async function waitFor(url: string, deadlineMs: number): Promise<Response> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The JSON lines of a process's output (pino), skipping anything else. */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
