/**
 * Writes a synthetic TypeScript project of `count` files into `dir` for bench/graph.js:
 * folders of 100 files, each file importing 3-6 earlier files (named, type-only, re-export,
 * side-effect) plus an occasional import() and a builtin, ~40 lines of code each. Deterministic
 * (seeded), so every tool and every run sees the same input.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The same seeded PRNG the measurement statistics use (built to dist/ by npm run build).
const { prng: rng } = await import('../dist/src/measure/stats.js');

const fileOf = (i) => `src/m${Math.floor(i / 100)}/f${i}.ts`;

function relSpec(from, to) {
  let rel = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

/** Generates the project; returns the number of import statements written. */
export function generateProject(dir, count) {
  const rand = rng(42);
  let imports = 0;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'generated', private: true, type: 'module' }));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (let i = 0; i < count; i++) {
    const file = fileOf(i);
    const lines = [];
    if (i > 0) {
      const n = 3 + Math.floor(rand() * 4);
      const targets = new Set();
      for (let k = 0; k < n; k++) targets.add(Math.floor(rand() * i));
      let k = 0;
      for (const t of targets) {
        const spec = relSpec(file, fileOf(t));
        const form = (k++ + i) % 5;
        if (form === 0) lines.push(`import type { Shape${t} } from '${spec}';`);
        else if (form === 1) lines.push(`export { value${t} } from '${spec}';`);
        else if (form === 2) lines.push(`import '${spec}';`);
        else lines.push(`import { value${t}, make${t} } from '${spec}';`);
        imports++;
      }
    }
    if (i % 7 === 0) {
      lines.push(`import { readFileSync } from 'node:fs';`);
      imports++;
    }
    lines.push('', `export interface Shape${i} {`, '  id: number;', '  name: string;', '  tags: string[];', '}', '');
    lines.push(`export const value${i} = ${i};`, '');
    lines.push(`export function make${i}(name: string): Shape${i} {`, `  const tags = name.split(',').map((t) => t.trim());`, `  return { id: ${i}, name, tags };`, '}', '');
    if (i % 10 === 3 && i > 0) {
      const t = Math.floor(rand() * i);
      lines.push('export async function later(): Promise<unknown> {', `  return import('${relSpec(file, fileOf(t))}.js');`, '}', '');
      imports++;
    }
    for (let b = 0; b < 3; b++) {
      lines.push(`export class Thing${i}_${b} {`, `  private count = ${b};`, '  bump(step = 1): number {', '    this.count += step;', '    return this.count;', '  }', '}', '');
    }
    const abs = path.join(dir, file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, `${lines.join('\n')}\n`);
  }
  return imports;
}
