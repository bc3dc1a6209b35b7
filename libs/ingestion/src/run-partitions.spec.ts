import { RUN_PARTITION_CHUNK, runPartitionHint } from './run-partitions';

describe('runPartitionHint', () => {
  it("reads the run id's last 32 bits, the same for a chunk of consecutive records", () => {
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', 0)).toBe(0x7c8d9e01);
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', RUN_PARTITION_CHUNK - 1)).toBe(0x7c8d9e01);
  });

  it('moves to the next partition with every chunk of a long run', () => {
    expect(RUN_PARTITION_CHUNK).toBe(5_000);
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', 5_000)).toBe(0x7c8d9e02);
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', 12_345)).toBe(0x7c8d9e03);
  });

  it('differs between v7 runs started in the same millisecond (their first bits are the time)', () => {
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-000000000000', 0)).toBe(0);
    expect(runPartitionHint('0192f0c1-7a3b-7c3d-8e4f-0000ffffffff', 0)).toBe(0xffffffff);
  });
});
