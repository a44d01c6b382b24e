/**
 * Prints the top entries of a CPU profile (`.cpuprofile`, as written by `node --cpu-prof` or by
 * `BENCH_CPU_PROFILE=<dir> npm run bench`): self time per function, and time grouped by package
 * (node_modules/<name>, our src/, node internals, GC).
 *
 *   npx ts-node --transpile-only bench/support/profile-top.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarize(profile: Profile, top = 25): string {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const micros = self.get(node.id) ?? 0;
    if (!micros) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/');
    const fn = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    const pkg = url.includes('/node_modules/')
      ? (/\/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? 'node_modules')
      : /\/src\//.test(url)
        ? 'our src/'
        : /\/bench\//.test(url)
          ? 'bench/'
          : url.startsWith('node:')
            ? 'node internals (js)'
            : functionName.startsWith('(')
              ? functionName
              : 'native/V8';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
  }
  const pct = (m: number) => ((100 * m) / total).toFixed(1).padStart(5) + '%';
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, m]) => `${pct(m)}  ${name}`);
  return [
    `total sampled ${(total / 1e6).toFixed(2)} s`,
    '-- self time by function --',
    ...rows(byFunction, top),
    '-- self time by package --',
    ...rows(byPackage, 20),
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [top]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  process.stdout.write(summarize(profile, Number(top ?? 25)) + '\n');
}
