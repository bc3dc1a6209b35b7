import { parseNodeMemorySettings } from './node-memory';

const SERVICES = ['gateway', 'connector'];

describe('parseNodeMemorySettings', () => {
  it('reads each service line into V8 flags and environment entries, skipping comments and blank lines', () => {
    const settings = parseNodeMemorySettings(
      '# bounds\n\ngateway  --max-old-space-size=256   # a comment\nconnector --max-semi-space-size=8 MALLOC_ARENA_MAX=2\n',
      SERVICES,
    );
    expect(settings.get('gateway')).toEqual({ flags: ['--max-old-space-size=256'], environment: {} });
    expect(settings.get('connector')).toEqual({ flags: ['--max-semi-space-size=8'], environment: { MALLOC_ARENA_MAX: '2' } });
  });

  it('refuses an unknown service, a service listed twice, a missing service and a malformed token', () => {
    expect(() => parseNodeMemorySettings('gateway\nconnector\nlineage --x=1\n', SERVICES)).toThrow(
      "deploy/node-memory.conf line 3: unknown service 'lineage'",
    );
    expect(() => parseNodeMemorySettings('gateway\ngateway\n', SERVICES)).toThrow('deploy/node-memory.conf line 2: gateway is listed twice');
    expect(() => parseNodeMemorySettings('gateway --max-old-space-size=256\n', SERVICES)).toThrow('deploy/node-memory.conf: no line for connector');
    expect(() => parseNodeMemorySettings('gateway --max-old-space-size 256\nconnector\n', SERVICES)).toThrow(
      "deploy/node-memory.conf line 1: '--max-old-space-size' is neither --flag=number nor NAME=number",
    );
    expect(() => parseNodeMemorySettings('gateway\nconnector MALLOC_ARENA_MAX=two\n', SERVICES)).toThrow(
      "deploy/node-memory.conf line 2: 'MALLOC_ARENA_MAX=two' is neither --flag=number nor NAME=number",
    );
  });

  it('without a list of services takes every name and requires none', () => {
    const settings = parseNodeMemorySettings('lineage --max-old-space-size=128\n# no gateway\n');
    expect([...settings.keys()]).toEqual(['lineage']);
    expect(settings.get('lineage')).toEqual({ flags: ['--max-old-space-size=128'], environment: {} });
    expect(() => parseNodeMemorySettings('lineage\nlineage\n')).toThrow('deploy/node-memory.conf line 2: lineage is listed twice');
  });
});
