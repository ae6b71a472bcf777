import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../rules/index.js';
import { REPO } from '../helpers/rule-tester.js';

const HEADINGS = ['What it does', 'Why is this bad?', 'Examples', 'Options', 'When not to use it'];
const ruleFiles = readdirSync(path.join(REPO, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'));

describe('rule meta', () => {
  it('the registry holds exactly the rule files, in any order', () => {
    expect(allRules.map((r) => `${r.id}.ts`).sort()).toEqual([...ruleFiles].sort());
  });

  for (const file of ruleFiles) {
    it(`${file}: id equals the file name and the registry holds this very rule`, async () => {
      const mod = (await import(path.join(REPO, 'rules', file))) as { default?: { id: string } };
      expect(mod.default?.id).toBe(path.basename(file, '.ts'));
      expect(allRules).toContain(mod.default);
    });
  }

  for (const rule of allRules) {
    it(`${rule.id}: kebab-case id, docs page with the required headings, coherent meta`, () => {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.id.startsWith('no-') || rule.id.startsWith('prefer-') || rule.id === 'startup-budget' || rule.id === 'cache-target-missing').toBe(true);
      const doc = path.join(REPO, 'docs', 'rules', `${rule.id}.md`);
      expect(existsSync(doc), doc).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text.split('\n')[0]).toBe(`# ${rule.id}`);
      const headings = text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
      expect(headings).toEqual(HEADINGS);
      expect(rule.docs.endsWith(`docs/rules/${rule.id}.md`)).toBe(true);
      // Every option has a validator and a default, and the defaults pass their own validators.
      const defaults = rule.meta.defaultOptions as Record<string, unknown>;
      const schema = rule.meta.optionsSchema as Record<string, (v: unknown) => string | null>;
      expect(Object.keys(schema).sort()).toEqual(Object.keys(defaults).sort());
      for (const [k, check] of Object.entries(schema)) expect(check(defaults[k]), `${rule.id}.${k}`).toBeNull();
      // Every option is documented on the page.
      for (const k of Object.keys(schema)) expect(text, `${rule.id} documents option ${k}`).toContain(`\`${k}\``);
      expect(rule.meta.description.length).toBeGreaterThan(20);
    });
  }

  it('the rules index page links every rule', () => {
    const index = readFileSync(path.join(REPO, 'docs', 'rules', 'README.md'), 'utf8');
    for (const rule of allRules) expect(index).toContain(`(${rule.id}.md)`);
  });
});
