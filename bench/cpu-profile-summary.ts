/**
 * Summarizes a V8 CPU profile (`.cpuprofile`, e.g. from BENCH_CPU_PROF): self time per function and
 * total time under functions of interest, so a profile can be compared in text.
 *
 *   npx tsx bench/cpu-profile-summary.ts <file.cpuprofile> [--top 40] [--under renderSnapshot,insertMany]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, under: { type: 'string', default: '' } },
});
const profile = JSON.parse(readFileSync(positionals[0] as string, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) {
    parent.set(child, node.id);
  }
}
const selfUs = new Map<number, number>();
profile.samples.forEach((id, index) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const label = (node: ProfileNode) => {
  const file = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/)/, '$1');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
};
let totalUs = 0;
const selfByLabel = new Map<string, number>();
for (const [id, us] of selfUs) {
  totalUs += us;
  const key = label(byId.get(id) as ProfileNode);
  selfByLabel.set(key, (selfByLabel.get(key) ?? 0) + us);
}
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
process.stdout.write(`total sampled ${ms(totalUs)}\n\nself time:\n`);
for (const [key, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
  process.stdout.write(`${ms(us)}  ${key}\n`);
}
// Inclusive time under each named function (counted once per sample even when recursive).
const names = args.under ? args.under.split(',') : [];
if (names.length > 0) {
  process.stdout.write('\ninclusive time:\n');
  for (const name of names) {
    let us = 0;
    for (const [id, sampleUs] of selfUs) {
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        if ((byId.get(at) as ProfileNode).callFrame.functionName === name) {
          us += sampleUs;
          break;
        }
      }
    }
    process.stdout.write(`${ms(us)}  ${name}\n`);
  }
}
