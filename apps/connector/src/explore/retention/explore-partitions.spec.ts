import { beganBefore, dayPartition, isDroppable, mayHoldExpired, missingDayPartitions, parsePartition, retentionCutoff, uncoveredRanges, utcDay } from './explore-partitions';
import { SourceRetention } from './source-retention';

const at = (iso: string) => new Date(iso);

describe('Explore partitions', () => {
  it('names a day partition by its UTC day and reads ranges back from the names Atlas creates', () => {
    expect(dayPartition(at('2026-11-30T23:59:59.999Z'))).toEqual({ name: 'explore_records_p20261130', from: at('2026-11-30T00:00:00Z'), to: at('2026-12-01T00:00:00Z') });
    expect(parsePartition('explore_records_p20261231')).toEqual({ name: 'explore_records_p20261231', from: at('2026-12-31T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
    expect(parsePartition('explore_records_before_20261201')).toEqual({ name: 'explore_records_before_20261201', from: null, to: at('2026-12-01T00:00:00Z') });
    for (const name of ['explore_records_p20261131', 'explore_records_p2026113', 'explore_records_default', 'other_p20261130']) expect(parsePartition(name)).toBeUndefined();
    expect(utcDay(at('2026-11-30T13:46:00+05:00'))).toEqual(at('2026-11-30T00:00:00Z'));
  });

  it('plans the missing day partitions from today to the days ahead, around the existing ones', () => {
    const existing = [parsePartition('explore_records_before_20261201')!, parsePartition('explore_records_p20261202')!];
    expect(missingDayPartitions(existing, at('2026-11-30T22:00:00Z'), 3).map((partition) => partition.name)).toEqual(['explore_records_p20261201', 'explore_records_p20261203']);
    expect(missingDayPartitions([], at('2026-11-30T00:00:00Z'), 0).map((partition) => partition.name)).toEqual(['explore_records_p20261130']);
  });

  it('drops a partition only once it ended and every source in it has a retention it is past', () => {
    const partition = parsePartition('explore_records_p20261120')!;
    const now = at('2026-11-30T12:00:00Z');
    const retention = new SourceRetention(new Map<string, number | null>([['crm', 7], ['shop', 10], ['archive', null]]), null);
    expect(retentionCutoff(7, now)).toEqual(at('2026-11-23T12:00:00Z'));
    expect(retentionCutoff(null, now)).toBeNull();
    expect(isDroppable(partition, ['crm'], retention, now)).toBe(true);
    // Ends 2026-11-21 00:00; ten days before now is 2026-11-20 12:00: shop's rows there are not all expired.
    expect(isDroppable(partition, ['crm', 'shop'], retention, now)).toBe(false);
    expect(isDroppable(partition, ['crm', 'archive'], retention, now)).toBe(false);
    // Without a default, a source without a row in connector.sources (pushed only) is kept for good.
    expect(isDroppable(partition, ['pushed'], retention, now)).toBe(false);
    expect(isDroppable(partition, [], retention, now)).toBe(true);
    expect(isDroppable(dayPartition(now), [], retention, now)).toBe(false);
    expect(isDroppable(parsePartition('explore_records_before_20261120')!, ['crm'], retention, now)).toBe(true);
  });

  it('applies the default retention to the sources without their own, pushed ones included; null of their own keeps them for good', () => {
    const partition = parsePartition('explore_records_p20261120')!;
    const now = at('2026-11-30T12:00:00Z');
    const retention = new SourceRetention(new Map<string, number | null>([['crm', 30], ['archive', null]]), 9);
    expect(['crm', 'archive', 'pushed', 'file-without-setting'].map((sourceId) => retention.days(sourceId))).toEqual([30, null, 9, 9]);
    // Nine days before now is 2026-11-21 12:00, after the partition's end.
    expect(isDroppable(partition, ['pushed', 'file-without-setting'], retention, now)).toBe(true);
    expect(isDroppable(partition, ['pushed', 'crm'], retention, now)).toBe(false);
    expect(isDroppable(partition, ['pushed', 'archive'], retention, now)).toBe(false);
    // Ten days: the cutoff 2026-11-20 12:00 falls inside the partition, which then stays.
    expect(isDroppable(partition, ['pushed'], new SourceRetention(new Map(), 10), now)).toBe(false);
  });

  it('looks up the sources of partitions that began before now (or of unknown range), and deletes from those that began before the cutoff', () => {
    const now = at('2026-11-30T12:00:00Z');
    expect(mayHoldExpired(parsePartition('explore_records_p20261130'), now)).toBe(true);
    expect(mayHoldExpired(parsePartition('explore_records_p20261201'), now)).toBe(false);
    expect(mayHoldExpired(parsePartition('explore_records_before_20261201'), now)).toBe(true);
    expect(mayHoldExpired(parsePartition('explore_records_legacy'), now)).toBe(true);
    const cutoff = at('2026-11-23T12:00:00Z');
    expect(beganBefore(parsePartition('explore_records_p20261123'), cutoff)).toBe(true);
    expect(beganBefore(parsePartition('explore_records_p20261124'), cutoff)).toBe(false);
    expect(beganBefore(parsePartition('explore_records_before_20261201'), cutoff)).toBe(true);
    expect(beganBefore(undefined, cutoff)).toBe(true);
  });

  it('finds the ranges before today no partition covers (dropped ones), and none when a partition is not one of Atlas', () => {
    const today = at('2026-11-30T00:00:00Z');
    expect(uncoveredRanges(['explore_records_p20261128', 'explore_records_p20261125', 'explore_records_p20261130', 'explore_records_p20261201'], today)).toEqual([
      { from: null, to: at('2026-11-25T00:00:00Z') },
      { from: at('2026-11-26T00:00:00Z'), to: at('2026-11-28T00:00:00Z') },
      { from: at('2026-11-29T00:00:00Z'), to: today },
    ]);
    expect(uncoveredRanges(['explore_records_before_20261129', 'explore_records_p20261129', 'explore_records_p20261130'], today)).toEqual([]);
    expect(uncoveredRanges(['explore_records_p20261130'], today)).toEqual([{ from: null, to: today }]);
    expect(uncoveredRanges([], today)).toEqual([{ from: null, to: today }]);
    expect(uncoveredRanges(['explore_records_p20261130', 'explore_records_legacy'], today)).toBeUndefined();
  });
});
