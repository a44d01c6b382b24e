/**
 * Preloaded (`-r`) into every server the benchmarks start, so the parent can ask it, over the IPC
 * channel, for its CPU time and for a CPU profile of exactly the measured window (a `--cpu-prof`
 * profile would also hold start-up and warm-up, and is lost when Nest's shutdown hook re-raises
 * SIGTERM). The server's own code is untouched.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export type ToProbe =
  | { type: 'cpu'; id: number }
  | { type: 'profile-start'; id: number }
  | { type: 'profile-stop'; id: number; path: string };
export interface FromProbe {
  type: 'probe-reply';
  id: number;
  cpuMicros?: number;
}

let session: Session | undefined;

async function handle(message: ToProbe): Promise<FromProbe> {
  switch (message.type) {
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return { type: 'probe-reply', id: message.id, cpuMicros: user + system };
    }
    case 'profile-start':
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      return { type: 'probe-reply', id: message.id };
    case 'profile-stop': {
      const { profile } = await (session as Session).post('Profiler.stop');
      writeFileSync(message.path, JSON.stringify(profile));
      session?.disconnect();
      session = undefined;
      return { type: 'probe-reply', id: message.id };
    }
  }
}

if (process.send) {
  process.on('message', (message: ToProbe) => {
    void handle(message).then((reply) => process.send?.(reply));
  });
  // The IPC channel alone must not keep a server alive that wants to exit.
  process.channel?.unref();
}
