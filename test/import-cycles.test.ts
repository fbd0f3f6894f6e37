import madge from 'madge';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The architecture has layers (renderer → contract → shell/harness → core) and core domains that depend one way.
 * An import cycle — between two files, or between two folders of electron/core — is how a layer or a domain
 * quietly grows back into one room, so any cycle fails this test. Type-only imports count: they couple designs too.
 */
const root = path.resolve(__dirname, '..');

async function graph(): Promise<Record<string, string[]>> {
  const result = await madge(['electron', 'renderer/src'], {
    baseDir: root,
    fileExtensions: ['ts', 'tsx'],
    tsConfig: path.join(root, 'tsconfig.json'),
    excludeRegExp: [/\.test\.tsx?$/, /node_modules/],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  return result.obj();
}

/** The folder a file belongs to, as a unit of the architecture: a core domain, the contract, the shell… */
function unitOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] === 'electron' && parts[1] === 'core' && parts.length > 3) return `electron/core/${parts[2]}`;
  if (parts[0] === 'electron' && parts.length > 2) return `electron/${parts[1]}`;
  return undefined;
}

/** Strongly connected components with more than one member (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  let g: Record<string, string[]> = {};
  beforeAll(async () => {
    g = await graph();
  }, 120_000);

  it('the cycle finder finds a loop through a third member, and only loops', () => {
    const edges = (pairs: Array<[string, string]>) => {
      const m = new Map<string, Set<string>>();
      for (const [a, b] of pairs) m.set(a, new Set([...(m.get(a) ?? []), b]));
      return m;
    };
    expect(cycles(edges([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd']]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(edges([['a', 'b'], ['b', 'c'], ['a', 'c']]))).toEqual([]);
  });

  it('no two source files under electron/ and renderer/src/ import each other, directly or through others', () => {
    // The graph really was read, both runtimes included.
    expect(Object.keys(g)).toEqual(expect.arrayContaining(['electron/main.ts', 'electron/core/journal/journal.ts', 'renderer/src/main.tsx']));
    const edges = new Map(Object.entries(g).map(([f, deps]) => [f, new Set(deps)]));
    expect(cycles(edges)).toEqual([]);
  });

  it('no two folders of the core (domains), nor the contract, shell, harness and CLI, depend on each other in a loop', () => {
    const edges = new Map<string, Set<string>>();
    for (const [file, deps] of Object.entries(g)) {
      const from = unitOf(file);
      if (!from) continue;
      for (const dep of deps) {
        const to = unitOf(dep);
        if (!to || to === from) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    expect(edges.size).toBeGreaterThan(5);
    expect(cycles(edges)).toEqual([]);
  });

  it('the contract imports nothing but zod and its own files (it is bundled into the renderer)', () => {
    const outside = Object.entries(g)
      .filter(([file]) => file.startsWith('electron/contract/'))
      .flatMap(([file, deps]) => deps.filter((d) => !d.startsWith('electron/contract/')).map((d) => `${file} -> ${d}`));
    expect(outside).toEqual([]);
  });
});
