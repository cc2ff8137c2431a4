/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and prints where the time went: the functions
 * with the most self time, and the project's own functions with the most total (inclusive) time.
 *
 *   node --import tsx bench/profile-top.ts <file.cpuprofile> [--top N]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** The benchmark's pipeline child is one bundled file: its frames are named by function only. */
const BUNDLE = /\/pipeline-child\.mjs$/;

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (BUNDLE.test(url)) return `${functionName || '(anonymous)'} (bundle)`;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(lambda|bench|test|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`;
}

export function summarizeProfile(profile: CpuProfile, top: number): { self: ProfileLine[]; inclusive: ProfileLine[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    self.set(frameName(byId.get(id)!), (self.get(frameName(byId.get(id)!)) ?? 0) + us);
    // Each name counted once per sample stack, however often it recurses.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const lines = (map: Map<string, number>, keep: (name: string) => boolean) =>
    [...map.entries()]
      .filter(([name]) => keep(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / totalUs }));
  return {
    self: lines(self, () => true),
    inclusive: lines(inclusive, (name) => /\blambda\/|\(bundle\)$/.test(name)),
    totalMs: totalUs / 1000,
  };
}

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' } } });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [--top N]');
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(values.top ?? 25));
  const print = (title: string, lines: readonly ProfileLine[]) => {
    process.stdout.write(`\n${title}\n`);
    for (const line of lines) process.stdout.write(`${(line.share * 100).toFixed(1).padStart(6)}%  ${line.ms.toFixed(0).padStart(7)} ms  ${line.name}\n`);
  };
  process.stdout.write(`${file}: ${summary.totalMs.toFixed(0)} ms sampled\n`);
  print('Self time', summary.self);
  print('Inclusive time, project code (and, in the bundled pipeline child, its dependencies)', summary.inclusive);
}

main();
