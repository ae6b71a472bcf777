import type { Comparison } from '../compare.js';
import type { Measurement } from '../types.js';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f1 = (n: number): string => n.toFixed(1);

/** JSON safe to embed in a <script> element. */
const embed = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028|\u2029/g, ' ');

function comparisonTable(cmp: Comparison): string {
  const rows = cmp.figures
    .map((f) => {
      const ci = f.ci ? `${f1(f.ci[0])} … ${f1(f.ci[1])}` : 'exact';
      const cls = f.significant ? (f.delta > 0 ? 'worse' : 'better') : '';
      return `<tr class="${cls}" data-figure="${f.figure}"><td>${f.figure}</td><td>${f1(f.before)}</td><td>${f1(f.after)}</td><td>${f.delta >= 0 ? '+' : ''}${f1(f.delta)} (${f.deltaPct >= 0 ? '+' : ''}${f.deltaPct.toFixed(1)}%)</td><td>${ci}</td><td>${f.significant ? 'yes' : 'no'}</td></tr>`;
    })
    .join('\n');
  return `<section id="comparison"><h2>Before / after</h2>
<table><thead><tr><th>figure</th><th>before</th><th>after</th><th>change</th><th>95% CI of change</th><th>significant</th></tr></thead>
<tbody>
${rows}
</tbody></table>
${cmp.modulesRemoved.length ? `<p>No longer loaded: ${cmp.modulesRemoved.length} modules.</p>` : ''}
</section>`;
}

/** A self-contained HTML report: summary figures, an icicle of import cost, top modules, before/after. */
export function renderHtml(m: Measurement, comparison?: Comparison | null): string {
  const data = { tree: m.tree, total: m.tree.cumulativeMs };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>perf-lint measure: ${esc(m.entry)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
dl{display:flex;flex-wrap:wrap;gap:12px 32px}dt{color:#666;font-size:12px}dd{margin:0;font-size:20px;font-weight:600}
#icicle{position:relative;border:1px solid #ddd;overflow:hidden}
#icicle div{position:absolute;height:20px;box-sizing:border-box;border:1px solid #fff;font-size:11px;line-height:18px;overflow:hidden;white-space:nowrap;padding:0 3px;color:#fff}
#icicle .project{background:#3a6ea5}#icicle .package{background:#c0602b}#icicle .inferred{background:#999}
table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child,#top-modules td:nth-child(2),#top-modules th:nth-child(2){text-align:left}
tr.worse td{color:#b00}tr.better td{color:#080}.warn{color:#a60}
</style></head>
<body>
<h1>Import cost of <code>${esc(m.entry)}</code>${m.args.length ? ` <code>${esc(m.args.join(' '))}</code>` : ''}</h1>
<p>${m.runs} fresh processes, node ${esc(m.node)}, ${esc(m.createdAt)}.</p>
<section id="summary"><dl>
<div><dt>import time, median</dt><dd id="import-median">${f1(m.importMs.median)} ms</dd></div>
<div><dt>p95</dt><dd id="import-p95">${f1(m.importMs.p95)} ms</dd></div>
<div><dt>95% CI of median</dt><dd id="import-ci">${f1(m.importMs.ci[0])}–${f1(m.importMs.ci[1])} ms</dd></div>
<div><dt>modules</dt><dd id="modules-count">${m.modules.count}</dd></div>
<div><dt>RSS after load</dt><dd id="rss-median">${f1(m.rssMb.median)} MB</dd></div>
<div><dt>heap used</dt><dd id="heap-median">${f1(m.heapUsedMb.median)} MB</dd></div>
<div><dt>GC</dt><dd id="gc-ms">${m.gc.count}× ${f1(m.gc.ms)} ms</dd></div>
</dl>
${m.warnings.map((w) => `<p class="warn">${esc(w)}</p>`).join('\n')}
</section>
<section><h2>Import cost (icicle: width = cumulative time, blue = project, orange = packages)</h2>
<div id="icicle"></div></section>
<section><h2>Top modules by self time</h2>
<table id="top-modules"><thead><tr><th>module</th><th>package</th><th>self ms</th><th>cumulative ms</th></tr></thead><tbody></tbody></table></section>
${comparison ? comparisonTable(comparison) : ''}
<script id="perf-lint-data" type="application/json">${embed(data)}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('perf-lint-data').textContent);
  var icicle = document.getElementById('icicle');
  var total = data.total || 1, depthMax = 0, all = [];
  function place(n, start, depth) {
    all.push(n);
    depthMax = Math.max(depthMax, depth);
    var d = document.createElement('div');
    d.className = n.inferred ? 'inferred' : n.package ? 'package' : 'project';
    d.style.left = (start / total * 100) + '%';
    d.style.width = Math.max(n.cumulativeMs / total * 100, 0.05) + '%';
    d.style.top = (depth * 20) + 'px';
    d.title = n.id + (n.package ? ' (' + n.package + ')' : '') + ': ' + n.cumulativeMs.toFixed(1) + ' ms cumulative, ' + n.selfMs.toFixed(1) + ' ms self';
    d.setAttribute('data-id', n.id);
    d.textContent = n.id.split('/').pop();
    icicle.appendChild(d);
    var t = start;
    n.children.forEach(function (c) { place(c, t, depth + 1); t += c.cumulativeMs; });
  }
  place(data.tree, 0, 0);
  icicle.style.height = ((depthMax + 1) * 20) + 'px';
  var body = document.querySelector('#top-modules tbody');
  all.sort(function (a, b) { return b.selfMs - a.selfMs; }).slice(0, 25).forEach(function (n) {
    var tr = document.createElement('tr');
    [n.id, n.package || '', n.selfMs.toFixed(1), n.cumulativeMs.toFixed(1)].forEach(function (v) {
      var td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    });
    body.appendChild(tr);
  });
})();
</script>
</body></html>
`;
}
