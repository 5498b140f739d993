import { DOMAINS, type Domain } from '../domain/domains';
import { SUPPRESSED, type Figure } from '../domain/disclosure/cell-key';
import type { OutcomeReport } from '../domain/disclosure/released-figures';
import type { OutcomeFilter } from '../domain/outcomes';

const COLOURS: Record<Domain, string> = {
  education: '#1b6ca8',
  housing: '#c2571a',
  health: '#2e8540',
  vocational_training: '#7b4fa0',
};
const LABELS: Record<Domain, string> = {
  education: 'Education',
  housing: 'Housing',
  health: 'Health',
  vocational_training: 'Vocational training',
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const percent = (figure: Figure | null) =>
  figure === null ? '–' : figure === SUPPRESSED ? 'suppressed' : `${Math.round(figure * 100)}%`;

const W = 720;
const H = 300;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

/**
 * Share reintegrated per domain over months since enrolment. A suppressed point is left out and the line
 * broken there, so the chart never shows what the figures hide.
 */
function trajectoryChart(report: OutcomeReport): string {
  const months = report.trajectory.map((p) => p.monthsSinceEnrolment);
  const maxMonth = Math.max(1, ...months);
  const x = (m: number) => PAD.left + (m / maxMonth) * (W - PAD.left - PAD.right);
  const y = (share: number) => PAD.top + (1 - share) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>` +
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v * 100}%</text>`)
    .join('');
  const ticks = [...new Set([0, ...months.filter((m) => m % 6 === 0), maxMonth])]
    .map((m) => `<text x="${x(m)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${m}</text>`)
    .join('');
  const lines = DOMAINS.map((domain) => {
    const segments: string[][] = [[]];
    for (const point of report.trajectory) {
      const share = point.reintegratedShare[domain];
      if (share === SUPPRESSED) segments.push([]);
      else segments.at(-1)!.push(`${x(point.monthsSinceEnrolment).toFixed(1)},${y(share).toFixed(1)}`);
    }
    return segments
      .filter((segment) => segment.length > 0)
      .map((segment) =>
        segment.length === 1
          ? `<circle cx="${segment[0]!.split(',')[0]}" cy="${segment[0]!.split(',')[1]}" r="3" fill="${COLOURS[domain]}"/>`
          : `<polyline fill="none" stroke="${COLOURS[domain]}" stroke-width="2" points="${segment.join(' ')}"/>`,
      )
      .join('');
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="Share reintegrated per domain by months since enrolment">
${grid}${ticks}<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">months since enrolment</text>${lines}</svg>`;
}

/** Visit compliance per municipality, as horizontal bars; a suppressed municipality is named and left empty. */
function complianceChart(report: OutcomeReport): string {
  const rowHeight = 26;
  const height = PAD.top + report.breakdown.length * rowHeight + 8;
  const barStart = 180;
  const barWidth = W - barStart - 80;
  const rows = report.breakdown
    .map((row, i) => {
      const top = PAD.top + i * rowHeight;
      const label = `<text x="${barStart - 8}" y="${top + 15}" text-anchor="end" font-size="12">${escape(row.municipalityId)}</text>`;
      const value = row.visitCompliance;
      if (value === SUPPRESSED) {
        return `${label}<text x="${barStart}" y="${top + 15}" font-size="12" fill="#666">suppressed</text>`;
      }
      return `${label}<rect x="${barStart}" y="${top + 3}" width="${(value * barWidth).toFixed(1)}" height="16" fill="#1b6ca8"/>` +
        `<text x="${barStart + value * barWidth + 6}" y="${top + 15}" font-size="12">${percent(value)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-label="Visit compliance per municipality">${rows}</svg>`;
}

/** The evaluators' page: self-contained HTML, charts drawn here as SVG, no script and nothing fetched. */
export function outcomesPage(report: OutcomeReport, context: { asOf: string; filter: OutcomeFilter }): string {
  const filter = Object.entries(context.filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${escape(k)} = ${escape(String(v))}`)
    .join(', ') || 'all children';
  const legend = DOMAINS.map(
    (d) => `<span class="key"><span class="swatch" style="background:${COLOURS[d]}"></span>${LABELS[d]} (now ${percent(report.figures.domains[d].reintegratedShare)})</span>`,
  ).join('');
  const children = report.figures.children;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reintegration outcomes</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:760px;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}.key{margin-right:1rem;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.note{color:#555;font-size:.9rem}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{color:#555}
</style></head><body>
<h1>Reintegration outcomes</h1>
<p class="note">As of ${escape(context.asOf)} · ${filter} · counts below ${report.k} and every figure derived from them are suppressed; every other count carries a small noise of at most ±${report.maxNoise}, the same for the same children in any query, so figures from different queries need not add up exactly.</p>
<dl>
<dt>Children</dt><dd>${children === SUPPRESSED ? 'suppressed' : children}</dd>
<dt>Reintegrated in all applicable domains</dt><dd>${percent(report.figures.reintegratedAllShare)}</dd>
<dt>Sustained for six months or more</dt><dd>${percent(report.figures.sustainedShare)}</dd>
<dt>Visit compliance</dt><dd>${percent(report.figures.visitCompliance)}</dd>
<dt>Regression rate</dt><dd>${percent(report.figures.regressionRate)}</dd>
</dl>
<h2>Share reintegrated per domain, by months since enrolment</h2>
<p>${legend}</p>
${trajectoryChart(report)}
<h2>Visit compliance per municipality</h2>
${complianceChart(report)}
<p class="note">${report.suppressed.length} figures suppressed.</p>
</body></html>
`;
}
