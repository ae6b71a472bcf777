import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

const level = (s: 'error' | 'warn'): 'error' | 'warning' => (s === 'error' ? 'error' : 'warning');

/** SARIF 2.1.0, as GitHub code scanning reads it. */
const sarif: Reporter = (report, opts) => {
  const findings = visibleFindings(report, opts);
  const ruleIds = [...new Set([...(report.rules ?? []).map((r) => r.id), ...findings.map((f) => f.rule)])];
  const meta = new Map((report.rules ?? []).map((r) => [r.id, r]));
  const rootUri = `file://${report.root.replace(/\\/g, '/').replace(/\/?$/, '/')}`;
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'perf-lint',
            version: report.tool.version,
            informationUri: 'https://github.com/perf-lint/perf-lint',
            rules: ruleIds.map((id) => {
              const m = meta.get(id);
              return {
                id,
                shortDescription: { text: m?.description ?? id },
                ...(m ? { helpUri: m.docs, defaultConfiguration: { level: level(m.severity) } } : {}),
                properties: { fixable: m?.fixable ?? false },
              };
            }),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: level(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: f.file, uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
          ...(f.related?.length
            ? {
                relatedLocations: f.related.map((r, i) => ({
                  id: i + 1,
                  physicalLocation: { artifactLocation: { uri: r.file, uriBaseId: '%SRCROOT%' }, region: { startLine: r.line, startColumn: r.column } },
                  ...(r.message ? { message: { text: r.message } } : {}),
                })),
              }
            : {}),
          partialFingerprints: { 'perfLint/v1': f.fingerprint },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
export default sarif;
