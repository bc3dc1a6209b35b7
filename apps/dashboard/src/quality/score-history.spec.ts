import { expectedBand, scoreHistoryChart } from './score-history';

const run = (runId: string, score: number | null) => ({ runId, judgedAt: '2026-11-30T05:00:00.000Z', score });

describe('score history chart', () => {
  it('places the oldest run left and the newest right, 100% at the top, leaving out unscored runs', () => {
    // The API lists runs newest first.
    const chart = scoreHistoryChart([run('r3', 50), run('r2', null), run('r1', 100)], 108, 58, 4);
    expect(chart.points).toEqual([
      { runId: 'r1', x: 4, y: 4, score: 100, anomalous: false },
      { runId: 'r3', x: 104, y: 29, score: 50, anomalous: false },
    ]);
    expect(chart.band).toBeNull();
  });

  it('a single run sits in the middle', () => {
    expect(scoreHistoryChart([run('only', 0)], 100, 50, 0).points).toEqual([{ runId: 'only', x: 50, y: 50, score: 0, anomalous: false }]);
  });

  it('the expected band is mean ± 2 standard deviations, clipped to 0–100, and a run outside it is anomalous', () => {
    expect(expectedBand([90, 90])).toBeNull();
    expect(expectedBand([80, 90, 100])).toEqual({ low: 90 - 2 * Math.sqrt(200 / 3), high: 100 });
    const scores = [95, 95, 95, 95, 95, 95, 95, 95, 95, 40];
    const chart = scoreHistoryChart(scores.map((score, index) => run(`r${index}`, score)).reverse(), 100, 100, 0);
    // Mean 89.5, standard deviation 16.5.
    const band = expectedBand(scores)!;
    expect(band).toEqual({ low: 56.5, high: 100 });
    expect(chart.points.filter((point) => point.anomalous).map((point) => point.runId)).toEqual(['r9']);
    expect(chart.band).toEqual({ low: band.low, high: band.high, top: 100 - band.high, bottom: 100 - band.low });
  });
});
