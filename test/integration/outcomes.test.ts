import { enrolment, startApi, worker, type TestApi } from './harness';

type Figure = number | 'suppressed';
interface Figures {
  children: Figure;
  domains: Record<string, { levels: Record<string, Figure>; reintegratedShare: Figure }>;
  reintegratedAllShare: Figure;
  visitCompliance: Figure;
  regressionRate: Figure;
  lostToFollowUp: Figure;
}
interface Outcomes {
  k: number;
  figures: Figures;
  breakdown: Array<Figures & { municipalityId: string }>;
  suppressed: string[];
}

let api: TestApi;
let workerToken: string;
let evaluatorToken: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  workerToken = await api.tokenFor(worker());
  evaluatorToken = await api.tokenFor({ role: 'evaluator', sub: 'evaluator-1' });
});
afterAll(() => api.close());

/** Every stream record written so far has reached the consumers (the outbox route drains the pollers). */
const settle = () => api.request('GET', '/local/outbox');

async function enrolIn(municipalityId: string, baseline: Record<string, string>) {
  const response = await api.request<{ child: { childId: string }; checkpoints: Array<{ checkpointId: string }> }>('POST', '/children', {
    token: workerToken,
    body: enrolment({ municipalityId, enrolledOn: '2026-02-10', riskLevel: 'medium', baseline }),
  });
  expect(response.status).toBe(201);
  return response.body;
}

describe('the bar of issue 5, through the local API', () => {
  it('12 children in one municipality and 3 in another: the small one is suppressed, the large one exact', async () => {
    const stable = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' };
    const skopje = await Promise.all(Array.from({ length: 12 }, () => enrolIn('skopje', stable)));
    await Promise.all(Array.from({ length: 3 }, () => enrolIn('bitola', stable)));

    // Hand count for skopje: 5 children visited at checkpoint 1 with education down to at_risk; the other 7 not.
    for (const { child, checkpoints } of skopje.slice(0, 5)) {
      const visit = await api.request('POST', `/children/${child.childId}/visits`, {
        token: workerToken,
        body: {
          visitedOn: '2026-03-10',
          contactType: 'home',
          checkpointId: checkpoints[0]!.checkpointId,
          assessments: { education: { level: 'at_risk' } },
          childView: { rating: 3 },
          notes: 'SECRET-NOTE-TEXT',
        },
      });
      expect(visit.status).toBe(201);
    }
    await settle();

    const outcomes = async (query: string) => {
      const response = await api.request<Outcomes>('GET', `/outcomes?cohort=2026-Q1${query}`, { token: evaluatorToken });
      expect(response.status).toBe(200);
      return response.body;
    };

    // Skopje alone: exact, and matching the hand count.
    const large = await outcomes('&municipalityId=skopje');
    expect(large.k).toBe(5);
    expect(large.figures.children).toBe(12);
    expect(large.figures.domains.education!.levels).toEqual({ critical: 0, at_risk: 5, stable: 7, thriving: 0 });
    expect(large.figures.domains.education!.reintegratedShare).toBe(0.583);
    expect(large.figures.domains.housing!.reintegratedShare).toBe(1);
    expect(large.figures.regressionRate).toBe(0.417);
    expect(large.figures.visitCompliance).toBe(1);
    expect(large.suppressed).toEqual([]);

    // Bitola alone: three children, every figure suppressed and named, no value given.
    const small = await outcomes('&municipalityId=bitola');
    expect(small.figures.children).toBe('suppressed');
    expect(small.figures.domains.housing!.levels.stable).toBe('suppressed');
    expect(small.figures.domains.housing!.reintegratedShare).toBe('suppressed');
    expect(small.suppressed).toEqual(expect.arrayContaining(['children', 'domains.housing.levels.stable', 'regressionRate']));
    expect(JSON.stringify(small)).not.toMatch(/\b3\b/);

    // Both: the total (15) is shown, so Skopje's 12 would give Bitola's 3 away: the next smallest row is hidden too.
    const both = await outcomes('');
    expect(both.figures.children).toBe(15);
    expect(both.breakdown.map((row) => [row.municipalityId, row.children])).toEqual([
      ['bitola', 'suppressed'],
      ['skopje', 'suppressed'],
    ]);
    expect(both.suppressed).toEqual(expect.arrayContaining(['breakdown.bitola.children', 'breakdown.skopje.children']));
    expect(JSON.stringify(both)).not.toContain('SECRET-NOTE-TEXT');
  });

  it('only evaluators read outcomes', async () => {
    expect((await api.request('GET', '/outcomes', { token: workerToken })).status).toBe(403);
  });
});
