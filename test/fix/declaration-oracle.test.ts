import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { findImportStatement, parseProgram, type AstNode } from '../../src/fix/interop.js';
import { parseModule } from '../../src/graph/parse.js';

const NODE_MODULES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/**
 * CommonJS as people and compilers write it: hand-written (es5-ext, lodash, memoizee, semver,
 * escodegen and madge, the only installed packages with a 'wrapped' require), tsc's output
 * (@redis/client, ajv, cosmiconfig).
 */
const PACKAGES = ['es5-ext', 'lodash', 'memoizee', 'semver', 'debug', 'escodegen', 'madge', '@redis/client/dist', 'ajv/dist', 'cosmiconfig/dist', 'commander'];

/** The shapes no installed package has (a destructuring with a default, a rest or a computed key), and one of each other kind. */
const CRAFTED = [
  "const { a = 1, b } = require('a');",
  "const { c, ...rest } = require('c');",
  "const { ['d']: d } = require('d');",
  "const { e: { f } } = require('e');",
  "const g = require('g')['y'];",
  'const h = require(`h`);',
  "const i = __importStar(require('i'));",
  "const j = __importDefault(require('j')).default;",
  "const { k } = __importStar(require('k'));",
  "if (x) { var l = require('l'); }",
  "const m = require('m').y;",
  "const { n, o: p } = require('n');",
  'exports.all = () => [a, b, c, rest, d, f, g, h, i, j, k, l, m, n, p];',
].join('\n');

describe('BindingUsage.declaration against the codemod', () => {
  it("says exactly which require() declarations of real packages the codemod's findImportStatement rewrites", () => {
    let compared = 0;
    const seen = new Set<string>();
    const differences: string[] = [];
    const sources: [string, string, string][] = [['crafted', 'crafted.js', CRAFTED]];
    for (const pkg of PACKAGES) {
      for (const rel of globSync('**/*.{js,cjs}', { cwd: path.join(NODE_MODULES, pkg), ignore: ['**/node_modules/**', '**/*.min.js'] })) {
        sources.push([pkg, rel, readFileSync(path.join(NODE_MODULES, pkg, rel), 'utf8')]);
      }
    }
    for (const [pkg, rel, source] of sources) {
      const file = path.join(NODE_MODULES, pkg, rel);
      if (!source.includes('require')) continue;
      const mod = parseModule(file, source, { format: 'cjs' });
      if (mod.parseError) continue;
      const { program } = parseProgram(file, source);
      const body = program['body'] as AstNode[];
      mod.imports.forEach((rec, index) => {
        const bindings = mod.bindings.filter((b) => b.importIndex === index && !b.declaredAsType);
        if (rec.kind !== 'require' || bindings.length === 0) return;
        // Several declarators in one statement are split by the fixer first (split-declarations.ts).
        const stmt = body.find((s) => s.start <= rec.start && rec.end <= s.end);
        if (stmt?.type === 'VariableDeclaration' && (stmt['declarations'] as unknown[]).length > 1) return;
        const declaration = bindings[0]!.declaration;
        seen.add(declaration ?? 'none');
        compared++;
        const at = `${pkg}/${rel}:${rec.line} '${rec.specifier}' (${declaration ?? 'none'})`;
        if (bindings.some((b) => b.declaration !== declaration)) differences.push(`${at}: its bindings disagree`);
        // The lazy require() reads interop helpers (JavaScript); the other codemods do not.
        const withHelpers = findImportStatement(program, rec, { source }) !== null;
        const without = findImportStatement(program, rec) !== null;
        if (withHelpers !== (declaration === undefined || declaration === 'helper')) differences.push(`${at}: the lazy codemod ${withHelpers ? 'rewrites' : 'does not rewrite'} it`);
        if (without !== (declaration === undefined)) differences.push(`${at}: the other codemods ${without ? 'rewrite' : 'do not rewrite'} it`);
      });
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
    // Each kind turns up (the patterns only in the crafted file).
    expect([...seen].sort()).toEqual(['helper', 'in-block', 'none', 'pattern', 'wrapped']);
  }, 60_000);
});
