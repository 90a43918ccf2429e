import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

export interface Frame {
  frame: string;
  selfPct: number;
}

/**
 * Self time by function from the .cpuprofile written by `node --cpu-prof`, heaviest first, counting only the
 * samples of the last `windowMs` (the load, not the start-up).
 */
export function topFrames(dir: string, windowMs: number, count = 15): Frame[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    endTime: number;
  };
  const hitsById = new Map<number, number>();
  let at = 0;
  const times = profile.timeDeltas.map((d) => (at += d));
  const from = at - windowMs * 1000;
  profile.samples.forEach((id, i) => {
    if ((times[i] ?? 0) >= from) hitsById.set(id, (hitsById.get(id) ?? 0) + 1);
  });
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = hitsById.get(node.id) ?? 0;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + hits);
  }
  return [...byFrame.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, hits]) => ({ frame, selfPct: Math.round((1000 * hits) / Math.max(1, total)) / 10 }));
}

interface TreeNode extends ProfileNode {
  children?: number[];
}

/**
 * Inclusive time by function (a sample counts once for every distinct function on its stack), heaviest
 * first: where the time goes, not only which leaf burns it. Same window as `topFrames`.
 */
export function inclusiveFrames(dir: string, windowMs: number, count = 25): Frame[] {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return [];
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: TreeNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  const byId = new Map<number, TreeNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  let at = 0;
  const times = profile.timeDeltas.map((d) => (at += d));
  const from = at - windowMs * 1000;
  const hits = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    if ((times[i] ?? 0) < from) return;
    total++;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const node = byId.get(n);
      if (!node) break;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
      const key = `${functionName || '(anonymous)'} ${where}`.trim();
      if (seen.has(key)) continue;
      seen.add(key);
      hits.set(key, (hits.get(key) ?? 0) + 1);
    }
  });
  return [...hits.entries()]
    .filter(([k]) => !k.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, h]) => ({ frame, selfPct: Math.round((1000 * h) / Math.max(1, total)) / 10 }));
}
