import type { Reporter } from './index.js';
import { visibleFindings } from './index.js';

/** The stable result object (docs/json-format.md), pretty-printed. */
const json: Reporter = (report, opts) => `${JSON.stringify({ ...report, findings: visibleFindings(report, opts) }, null, 2)}\n`;
export default json;
