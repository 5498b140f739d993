import { InvalidInput } from '../../../../lib/domain/errors';
import { agendaWindow } from '../../../../lib/use-cases/checkpoints/agenda';

const today = '2026-06-15';

describe('the days an agenda covers', () => {
  it('by default, three months back (what is overdue) to a month ahead (what to plan)', () => {
    expect(agendaWindow({}, today)).toEqual({ from: '2026-03-17', to: '2026-07-15' });
  });

  it('the days asked, each defaulting on its own', () => {
    expect(agendaWindow({ from: '2026-06-01', to: '2026-06-30' }, today)).toEqual({ from: '2026-06-01', to: '2026-06-30' });
    expect(agendaWindow({ from: '2026-06-01' }, today)).toEqual({ from: '2026-06-01', to: '2026-07-15' });
  });

  it('a window that ends before it starts is refused at query.to (400)', () => {
    expect(() => agendaWindow({ from: '2026-06-02', to: '2026-06-01' }, today)).toThrow(InvalidInput);
    expect(() => agendaWindow({ from: '2026-06-02', to: '2026-06-01' }, today)).toThrow(
      expect.objectContaining({ violations: [{ path: 'query.to', message: 'must not be before from' }] }),
    );
  });

  it('at most 366 days at once: a year is asked, a day more is refused', () => {
    expect(agendaWindow({ from: '2026-01-01', to: '2027-01-02' }, today)).toEqual({ from: '2026-01-01', to: '2027-01-02' });
    expect(() => agendaWindow({ from: '2026-01-01', to: '2027-01-03' }, today)).toThrow(
      expect.objectContaining({ violations: [{ path: 'query.to', message: 'must be within 366 days of from' }] }),
    );
  });
});
