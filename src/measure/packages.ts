import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

const versions = new Map<string, string | null>();

/** Name and version of the nearest package under node_modules holding `file`, or null for project files. */
export function packageOf(file: string): { name: string; version: string | null } | null {
  const marker = `${sep}node_modules${sep}`;
  const i = file.lastIndexOf(marker);
  if (i < 0) return null;
  const rest = file.slice(i + marker.length).split(sep);
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name) return null;
  const dir = file.slice(0, i + marker.length) + name.split('/').join(sep);
  let version = versions.get(dir);
  if (version === undefined) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
      version = typeof pkg.version === 'string' ? pkg.version : null;
    } catch {
      version = null;
    }
    versions.set(dir, version);
  }
  return { name, version };
}

/** `name@version` label for a package (or `name` when the version is unknown). */
export function packageLabel(p: { name: string; version: string | null }): string {
  return p.version ? `${p.name}@${p.version}` : p.name;
}
