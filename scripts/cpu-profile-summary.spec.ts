import { areaOf, summariseCpuProfile, type CpuProfile } from './cpu-profile-summary';

describe('the CPU profile summary', () => {
  it('names the area of a frame by package, Atlas app or lib, Node core, GC or native code', () => {
    expect(areaOf('crc32c', 'file:///work/main/node_modules/kafkajs/src/protocol/recordBatch/crc32C/crc32C.js')).toBe('kafkajs');
    expect(areaOf('startSpan', 'file:///w/node_modules/@opentelemetry/sdk-trace-base/build/src/Tracer.js')).toBe('@opentelemetry/sdk-trace-base');
    expect(areaOf('escapeElement', 'file:///w/node_modules/typeorm/node_modules/pg/lib/utils.js')).toBe('pg');
    expect(areaOf('handle', 'file:///work/main/dist/apps/connector/src/explore/explore.service.js')).toBe('atlas apps/connector');
    expect(areaOf('parse', 'file:///work/main/dist/libs/contracts/src/topic-contracts.js')).toBe('atlas libs/contracts');
    expect(areaOf('writeGeneric', 'node:internal/stream_base_commons')).toBe('Node core');
    expect(areaOf('(garbage collector)', '')).toBe('garbage collection');
    expect(areaOf('(program)', '')).toBe('V8 and native code');
    expect(areaOf('stringify', '')).toBe('V8 and native code');
  });

  it('shares self time among areas and functions over the busy samples, idle left out', () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
        { id: 2, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        { id: 3, callFrame: { functionName: 'crc32c', url: 'file:///w/node_modules/kafkajs/src/crc32C.js', lineNumber: 9 } },
        { id: 4, callFrame: { functionName: 'encode', url: 'file:///w/node_modules/kafkajs/src/encoder.js', lineNumber: 0 } },
        { id: 5, callFrame: { functionName: '', url: 'file:///w/dist/apps/quality/src/main.js', lineNumber: 4 } },
        { id: 6, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
      ],
      // 10 samples: 2 idle, 8 busy (kafkajs 5 = crc32c 3 + encode 2, quality 2, GC 1).
      samples: [2, 3, 3, 4, 2, 3, 5, 5, 4, 6],
      startTime: 1_000_000,
      endTime: 1_010_000,
    };
    expect(summariseCpuProfile(profile)).toEqual({
      profiledMs: 10,
      busyShare: 0.8,
      areas: [
        { area: 'kafkajs', share: 0.625 },
        { area: 'atlas apps/quality', share: 0.25 },
        { area: 'garbage collection', share: 0.125 },
      ],
      functions: [
        { function: 'crc32c kafkajs/src/crc32C.js:10', share: 0.375 },
        { function: '(anonymous) apps/quality/src/main.js:5', share: 0.25 },
        { function: 'encode kafkajs/src/encoder.js:1', share: 0.25 },
        { function: '(garbage collector)', share: 0.125 },
      ],
    });
    expect(summariseCpuProfile(profile, 1).functions).toEqual([{ function: 'crc32c kafkajs/src/crc32C.js:10', share: 0.375 }]);
  });

  it('reports an all-idle or empty profile as not busy', () => {
    const idle: CpuProfile = { nodes: [{ id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } }], samples: [1, 1], startTime: 0, endTime: 2000 };
    expect(summariseCpuProfile(idle)).toEqual({ profiledMs: 2, busyShare: 0, areas: [], functions: [] });
    expect(summariseCpuProfile({ ...idle, samples: [] })).toEqual({ profiledMs: 2, busyShare: 0, areas: [], functions: [] });
  });
});
