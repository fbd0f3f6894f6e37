import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core's folders (journal, sync, standards, ledger, …) are domains: one may use another, never both ways round
 * (not even through a third). File-level cycles are caught by madge; this is the same rule one level up.
 * Tests and their helpers are left out: a test may use any domain to build its fixture.
 */
const CORE = __dirname;
const isSource = (name: string) => /\.tsx?$/.test(name) && !/\.test\.tsx?$|test-support\.ts$|fixture\.ts$|crash-child\.ts$/.test(name);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : isSource(e.name) ? [path.join(dir, e.name)] : []);
}

/** domain → the other domains its source files import. */
function domainGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(CORE)) {
    const from = path.relative(CORE, file).split(path.sep)[0] as string;
    if (from === path.basename(file)) continue; // a file at the top of core belongs to no domain
    const uses = graph.get(from) ?? new Set<string>();
    graph.set(from, uses);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = path.relative(CORE, path.resolve(path.dirname(file), m[1] as string)).split(path.sep)[0] as string;
      if (target !== from && !target.startsWith('..') && target !== '') uses.add(target);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, as "a -> b -> a". */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const walk = (node: string, trail: string[]): void => {
    state.set(node, 'open');
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') found.push([...trail.slice(trail.indexOf(next)), node, next].join(' -> '));
      else if (!state.has(next)) walk(next, [...trail, node]);
    }
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) walk(node, []);
  return found;
}

describe('domains of electron/core', () => {
  it('import each other one way only (no cycle between folders)', () => {
    const graph = domainGraph();
    expect(graph.size).toBeGreaterThan(5);
    expect(cycles(graph)).toEqual([]);
  });

  it('the cycle finder finds a cycle through a third domain', () => {
    const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]);
    expect(cycles(graph)).toEqual(['a -> b -> c -> a']);
  });
});
