import { DOMAINS, type Domain } from '../domain/domains';
import { SUPPRESSED, type Figure } from '../domain/disclosure/cell-key';
import type { TrajectoryPoint } from '../domain/disclosure/trajectory';
import type { OutcomeReport } from '../domain/disclosure/released-figures';
import type { OutcomeFilter } from '../domain/outcome-query';

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

/** What the page says where a chart would have nothing to draw, rather than an empty frame. */
const NOT_ENOUGH = '<p class="empty">Not enough children in this selection to show figures.</p>';

/** Month ticks every 1, 2, 3, 6 or 12 months: the smallest step that keeps the axis to a dozen labels. */
function monthTicks(last: number): number[] {
  const step = [1, 2, 3, 6, 12].find((s) => last / s <= 12) ?? 24;
  return Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
}

const cell = (text: string) => `<td>${text}</td>`;
const countText = (figure: Figure) => (figure === SUPPRESSED ? 'suppressed' : String(figure));

/** A line with a break in it: what a suppressed point looks like in the trajectory chart. */
const GAP_KEY =
  '<svg class="swatch-gap" width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">' +
  '<line x1="0" x2="9" y1="6" y2="6" stroke="#555" stroke-width="2"/><line x1="19" x2="28" y1="6" y2="6" stroke="#555" stroke-width="2"/></svg>';

/**
 * Share reintegrated per domain over months since enrolment, with a marker at every point shown. A suppressed
 * point is left out and the line broken there (the legend says so), so the chart never shows what the figures
 * hide; the axis ends at the last month with a figure shown. The table under it holds the same figures.
 */
function trajectoryChart(report: OutcomeReport): string {
  const shown = (point: TrajectoryPoint) => DOMAINS.some((d) => point.reintegratedShare[d] !== SUPPRESSED);
  const lastShown = report.trajectory.findLastIndex(shown);
  if (lastShown === -1) return NOT_ENOUGH;
  const points = report.trajectory.slice(0, lastShown + 1);
  const lastMonth = Math.max(1, points.at(-1)!.monthsSinceEnrolment);
  const x = (m: number) => PAD.left + (m / lastMonth) * (W - PAD.left - PAD.right);
  const y = (share: number) => PAD.top + (1 - share) * (H - PAD.top - PAD.bottom);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>` +
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v * 100}%</text>`)
    .join('');
  const ticks = monthTicks(lastMonth)
    .map((m) => `<line x1="${x(m)}" x2="${x(m)}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom + 4}" stroke="#888"/>` +
      `<text class="tick" x="${x(m)}" y="${H - PAD.bottom + 16}" text-anchor="middle" font-size="11">${m}</text>`)
    .join('');
  const series = DOMAINS.map((domain) => {
    const segments: Array<Array<{ month: number; share: number }>> = [[]];
    for (const point of points) {
      const share = point.reintegratedShare[domain];
      if (share === SUPPRESSED) segments.push([]);
      else segments.at(-1)!.push({ month: point.monthsSinceEnrolment, share });
    }
    const at = ({ month, share }: { month: number; share: number }) => `${x(month).toFixed(1)},${y(share).toFixed(1)}`;
    const lines = segments
      .filter((segment) => segment.length > 1)
      .map((segment) => `<polyline fill="none" stroke="${COLOURS[domain]}" stroke-width="2" points="${segment.map(at).join(' ')}"/>`);
    const markers = segments.flat().map(
      (point) =>
        `<circle class="marker" data-domain="${domain}" cx="${x(point.month).toFixed(1)}" cy="${y(point.share).toFixed(1)}" r="3.5" fill="${COLOURS[domain]}">` +
        `<title>${LABELS[domain]}, month ${point.month}: ${percent(point.share)}</title></circle>`,
    );
    return [...lines, ...markers].join('');
  }).join('');
  const legend = DOMAINS.map(
    (d) => `<span class="key"><span class="swatch" style="background:${COLOURS[d]}"></span>${LABELS[d]} (now ${percent(report.figures.domains[d].reintegratedShare)})</span>`,
  ).join('') + `<span class="key">${GAP_KEY} a gap: figure suppressed (fewer than ${report.k} children)</span>`;
  const chart = `<p class="legend">${legend}</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="Share reintegrated per domain by months since enrolment">
${grid}<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#888"/>${ticks}<text x="${(W + PAD.left) / 2}" y="${H - 6}" text-anchor="middle" font-size="12">months since enrolment</text>${series}</svg>`;
  const rows = points
    .map((point) => `<tr>${cell(String(point.monthsSinceEnrolment))}${cell(countText(point.observed))}${DOMAINS.map((d) => cell(percent(point.reintegratedShare[d]))).join('')}</tr>`)
    .join('');
  const table = `<table><caption>Share reintegrated per domain, by months since enrolment</caption>
<thead><tr><th scope="col">Month</th><th scope="col">Children followed</th>${DOMAINS.map((d) => `<th scope="col">${LABELS[d]}</th>`).join('')}</tr></thead>
<tbody>${rows}</tbody></table>`;
  return `${chart}\n${table}`;
}

/** Visit compliance per municipality, as horizontal bars; a suppressed municipality is named and left empty. */
function complianceChart(report: OutcomeReport): string {
  const { children } = report.figures;
  if (children === SUPPRESSED || children === 0) return NOT_ENOUGH;
  const rowHeight = 26;
  const height = PAD.top + report.breakdown.length * rowHeight + 8;
  const barStart = 180;
  const barWidth = W - barStart - 80;
  const bars = report.breakdown
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
  // Children shown, but no municipality's compliance: the chart would be a frame of "suppressed"; the table still
  // names each municipality and what is shown of it.
  const chart = report.breakdown.some((row) => row.visitCompliance !== SUPPRESSED)
    ? `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${height}" role="img" aria-label="Visit compliance per municipality">${bars}</svg>`
    : '<p class="empty">Not enough children or settled checkpoints in any municipality of this selection to show visit compliance.</p>';
  const rows = report.breakdown
    .map((row) => `<tr>${cell(escape(row.municipalityId))}${cell(countText(row.children))}${cell(percent(row.visitCompliance))}</tr>`)
    .join('');
  const table = `<table><caption>Visit compliance per municipality</caption>
<thead><tr><th scope="col">Municipality</th><th scope="col">Children</th><th scope="col">Visit compliance</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  return `${chart}\n${table}`;
}

const daysText = (figure: Figure | null) => (figure === null ? '–' : figure === SUPPRESSED ? 'suppressed' : String(figure));

/**
 * Referrals by the municipality they are counted for and service: the rows with anything shown (a row of zeros says
 * nothing the JSON does not), each figure as released.
 */
function referralTable(report: OutcomeReport): string {
  const { figures, byMunicipalityAndService } = report.referrals;
  const shownRows = byMunicipalityAndService.filter((row) => typeof row.referrals === 'number' && row.referrals > 0);
  if (figures.referrals === SUPPRESSED && shownRows.length === 0) return '<p class="empty">Not enough children with referrals in this selection to show figures.</p>';
  const rows = byMunicipalityAndService
    .filter((row) => row.referrals !== 0 || row.delivered !== 0)
    .map(
      (row) =>
        `<tr>${cell(escape(row.municipalityId))}${cell(escape(row.service))}${cell(countText(row.referrals))}${cell(percent(row.deliveredInTimeShare))}` +
        `${cell(countText(row.delivered))}${cell(daysText(row.medianDaysToDelivery))}</tr>`,
    )
    .join('');
  const total =
    `<tr><th scope="row">All</th>${cell('')}${cell(countText(figures.referrals))}${cell(percent(figures.deliveredInTimeShare))}` +
    `${cell(countText(figures.delivered))}${cell(daysText(figures.medianDaysToDelivery))}</tr>`;
  return `<table><caption>Referrals by municipality and service: delivered by the due day, and days from request to delivery</caption>
<thead><tr><th scope="col">Municipality</th><th scope="col">Service</th><th scope="col">Referrals due</th><th scope="col">Delivered in time</th><th scope="col">Delivered</th><th scope="col">Median days to delivery</th></tr></thead>
<tbody>${rows}${total}</tbody></table>`;
}

/** The evaluators' page: self-contained HTML, charts drawn here as SVG, no script and nothing fetched. */
export function outcomesPage(report: OutcomeReport, context: { asOf: string; filter: OutcomeFilter }): string {
  const filter = Object.entries(context.filter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${escape(k)} = ${escape(String(v))}`)
    .join(', ') || 'all children';
  const children = report.figures.children;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reintegration outcomes</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:760px;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}.key{margin-right:1rem;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.note{color:#555;font-size:.9rem}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{color:#555}
.swatch-gap{vertical-align:-1px;margin-right:4px}.empty{padding:1rem;background:#f4f4f4;border-radius:4px}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}caption{text-align:left;color:#555;padding-bottom:.3rem}
th,td{padding:.15rem .6rem;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}
</style></head><body>
<h1>Reintegration outcomes</h1>
<p class="note">As of ${escape(context.asOf)} · ${filter} · counts below ${report.k} and every figure derived from them are suppressed; every other count carries a small noise of at most ±${report.maxNoise}, the same for the same children in any query, so figures from different queries need not add up exactly.</p>
<dl>
<dt>Children</dt><dd>${children === SUPPRESSED ? 'suppressed' : children}</dd>
<dt>Reintegrated in all applicable domains</dt><dd>${percent(report.figures.reintegratedAllShare)}</dd>
<dt>Sustained for six months or more</dt><dd>${percent(report.figures.sustainedShare)}</dd>
<dt>With a current reintegration plan</dt><dd>${percent(report.figures.currentPlanShare)}</dd>
<dt>Of those, plans made with the child</dt><dd>${percent(report.figures.planWithChildShare)}</dd>
<dt>Visit compliance</dt><dd>${percent(report.figures.visitCompliance)}</dd>
<dt>Regression rate</dt><dd>${percent(report.figures.regressionRate)}</dd>
</dl>
<h2>Share reintegrated per domain, by months since enrolment</h2>
${trajectoryChart(report)}
<h2>Visit compliance per municipality</h2>
${complianceChart(report)}
<h2>Referrals</h2>
${referralTable(report)}
<p class="note">${report.suppressed.length} figures suppressed.</p>
</body></html>
`;
}
