import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CLOSURE_OUTCOMES } from '../../../lib/domain/case';
import { SUPPRESSED, type Figure } from '../../../lib/domain/disclosure/cell-key';
import type { OutcomeFigures } from '../../../lib/domain/disclosure/outcome-figures';
import type { TrajectoryPoint } from '../../../lib/domain/disclosure/trajectory';
import type { OutcomeReport } from '../../../lib/domain/disclosure/released-figures';
import { DOMAINS } from '../../../lib/domain/domains';
import { REPORTED_LEVELS, type ReportedLevel } from '../../../lib/domain/outcomes';
import { outcomesPage } from '../../../lib/report/outcomes-page';

/*
 * The evaluators' page as a browser draws it: Debian's Chromium (`.ci/run` installs it when missing), driven by
 * puppeteer-core. Each page is kept as a screenshot in reports/outcomes-page/ (git-ignored) for a person to look at.
 */
jest.setTimeout(60_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(__dirname, '../../../reports/outcomes-page');

const byDomain = <T>(value: (domain: (typeof DOMAINS)[number]) => T) =>
  Object.fromEntries(DOMAINS.map((d) => [d, value(d)])) as Record<(typeof DOMAINS)[number], T>;

function figures(children: Figure, share: Figure): OutcomeFigures {
  return {
    children,
    domains: byDomain(() => ({ levels: Object.fromEntries(REPORTED_LEVELS.map((l) => [l, SUPPRESSED])) as Record<ReportedLevel, Figure>, reintegratedShare: share })),
    reintegratedAllShare: share,
    sustainedShare: share,
    currentPlanShare: share,
    planWithChildShare: share,
    visitCompliance: share,
    regressionRate: share,
    lostToFollowUp: SUPPRESSED,
    exited: 0,
    closureOutcomes: Object.fromEntries(CLOSURE_OUTCOMES.map((o) => [o, 0])) as OutcomeFigures['closureOutcomes'],
    medianDaysToResolve: null,
  };
}

const point = (month: number, observed: Figure, share: (domain: (typeof DOMAINS)[number]) => Figure): TrajectoryPoint => ({
  monthsSinceEnrolment: month,
  observed,
  reintegratedShare: byDomain(share),
});

/** A cohort followed 14 months: housing suppressed in month 5, and months 13–14 fully suppressed. */
const seeded: OutcomeReport = {
  k: 5,
  maxNoise: 2,
  figures: figures(42, 0.5),
  trajectory: Array.from({ length: 15 }, (_, month) =>
    month >= 13
      ? point(month, 6, () => SUPPRESSED)
      : point(month, 42 - month * 2, (d) => (d === 'housing' && month === 5 ? SUPPRESSED : Math.min(1, 0.3 + month * 0.04 + DOMAINS.indexOf(d) * 0.1))),
  ),
  breakdown: [
    { municipalityId: 'skopje', ...figures(30, 0.81) },
    { municipalityId: 'bitola', ...figures(SUPPRESSED, SUPPRESSED) },
    { municipalityId: 'ohrid', ...figures(9, 0.67) },
  ],
  referrals: {
    figures: { referrals: 24, deliveredInTimeShare: 0.625, delivered: 18, medianDaysToDelivery: 12 },
    byMunicipalityAndService: [
      { municipalityId: 'skopje', service: 'housing', referrals: 14, deliveredInTimeShare: 0.714, delivered: 11, medianDaysToDelivery: 9 },
      { municipalityId: 'skopje', service: 'legal_aid', referrals: 0, deliveredInTimeShare: SUPPRESSED, delivered: 0, medianDaysToDelivery: null },
      { municipalityId: 'bitola', service: 'housing', referrals: SUPPRESSED, deliveredInTimeShare: SUPPRESSED, delivered: SUPPRESSED, medianDaysToDelivery: SUPPRESSED },
    ],
  },
  suppressed: ['trajectory.5.reintegratedShare.housing', 'breakdown.bitola.children'],
};

/** Too few children: every figure suppressed. */
const empty: OutcomeReport = {
  k: 5,
  maxNoise: 2,
  figures: figures(SUPPRESSED, SUPPRESSED),
  trajectory: [point(0, SUPPRESSED, () => SUPPRESSED)],
  breakdown: [{ municipalityId: 'skopje', ...figures(SUPPRESSED, SUPPRESSED) }],
  referrals: {
    figures: { referrals: SUPPRESSED, deliveredInTimeShare: SUPPRESSED, delivered: SUPPRESSED, medianDaysToDelivery: SUPPRESSED },
    byMunicipalityAndService: [],
  },
  suppressed: ['children'],
};

/** Children enough to show in the cohort, too few in a municipality or too few checkpoints settled: no compliance shown. */
const noCompliance: OutcomeReport = {
  ...seeded,
  breakdown: [
    { municipalityId: 'skopje', ...figures(12, SUPPRESSED) },
    { municipalityId: 'bitola', ...figures(SUPPRESSED, SUPPRESSED) },
  ],
};

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
});
afterAll(() => browser?.close());

/** The page rendered at a desktop width, screenshotted to reports/outcomes-page/<name>.png. */
async function render(name: string, report: OutcomeReport): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 900, height: 800 });
  await page.setContent(outcomesPage(report, { asOf: '2027-03-01', filter: { cohort: '2026' } }), { waitUntil: 'load' });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  return page;
}

describe('the evaluators’ report page in Chromium', () => {
  it('a seeded cohort: a tick every month, ending at the last month with data (12, not 14), a marker per shown point, a gap and its legend entry, a table per chart', async () => {
    const page = await render('seeded-cohort', seeded);
    expect(await page.$$eval('svg text.tick', (ticks) => ticks.map((t) => t.textContent))).toEqual(Array.from({ length: 13 }, (_, m) => String(m)));
    // 13 months shown × 4 domains, less the one suppressed housing point.
    expect(await page.$$eval('svg circle.marker', (markers) => markers.length)).toBe(13 * 4 - 1);
    expect(await page.$$eval('svg circle.marker[data-domain="housing"] title', (titles) => titles.map((t) => t.textContent))).not.toContain(
      expect.stringContaining('month 5:'),
    );
    // Housing's line is broken at month 5: two polylines, on either side of the gap.
    expect(await page.$$eval('svg polyline[stroke="#c2571a"]', (lines) => lines.length)).toBe(2);
    expect(await page.$eval('p.legend', (legend) => legend.textContent)).toContain('a gap: figure suppressed (fewer than 5 children)');
    const tables = await page.$$eval('table', (all) =>
      all.map((table) => [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))),
    );
    expect(tables).toHaveLength(3);
    expect(tables[0]!.map((row) => row[0])).toEqual(Array.from({ length: 13 }, (_, m) => String(m)));
    expect(tables[0]![5]).toEqual(['5', '32', '50%', 'suppressed', '70%', '80%']);
    expect(tables[1]).toEqual([
      ['skopje', '30', '81%'],
      ['bitola', 'suppressed', 'suppressed'],
      ['ohrid', '9', '67%'],
    ]);
    // Referrals: the rows with anything shown, each figure as released, and the total (its label a header cell).
    expect(tables[2]).toEqual([
      ['skopje', 'housing', '14', '71%', '11', '9'],
      ['bitola', 'housing', 'suppressed', 'suppressed', 'suppressed', 'suppressed'],
      ['', '24', '63%', '18', '12'],
    ]);
    expect(await page.$$('p.empty')).toHaveLength(0);
  });

  it('no visit compliance shown anywhere: a message instead of a frame of "suppressed", and the table still names each municipality', async () => {
    const page = await render('no-compliance', noCompliance);
    expect(await page.$$eval('p.empty', (notes) => notes.map((n) => n.textContent))).toEqual([
      'Not enough children or settled checkpoints in any municipality of this selection to show visit compliance.',
    ]);
    expect(await page.$$eval('svg[aria-label="Visit compliance per municipality"]', (charts) => charts.length)).toBe(0);
    expect(await page.$$eval('table', (all) => all.at(1)!.querySelector('tbody')!.textContent)).toBe('skopje12suppressedbitolasuppressedsuppressed');
  });

  it('a cohort too small to show: the plain message under each heading, no empty frames', async () => {
    const page = await render('empty-cohort', empty);
    expect(await page.$$eval('p.empty', (notes) => notes.map((n) => n.textContent))).toEqual([
      'Not enough children in this selection to show figures.',
      'Not enough children in this selection to show figures.',
      'Not enough children with referrals in this selection to show figures.',
    ]);
    expect(await page.$$('svg')).toHaveLength(0);
    expect(await page.$$('table')).toHaveLength(0);
  });
});
