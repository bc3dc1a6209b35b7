import { currentStack, ProcessInfo, stackGroups } from './stack-processes';

const CHECKOUT = '/work/checkout';
const STACK = { checkout: CHECKOUT, stateDirectory: `${CHECKOUT}/.atlas` };

function process(pid: number, commandLine: string, workingDirectory = '/', parentPid = 1): ProcessInfo {
  return { pid, parentPid, residentKib: 1024, cpuTicks: pid, commandLine, workingDirectory };
}

describe('stackGroups', () => {
  it("counts only this checkout's services, broker and PostgreSQL cluster, with the cluster's backends", () => {
    const all = [
      process(10, 'node --enable-source-maps dist/apps/gateway/src/main.js', CHECKOUT),
      process(11, `node ${CHECKOUT}/dist/apps/connector/src/main.js`, '/tmp'),
      process(12, 'node dist/apps/gateway/src/main.js', '/work/other-checkout'),
      process(13, 'node ../checkout/dist/apps/quality/src/main.js', '/work/other-checkout'),
      process(20, `java -cp x kafka.Kafka ${CHECKOUT}/.atlas/kafka/server.properties -Dkafka.logs.dir=${CHECKOUT}/.atlas/kafka/logs`),
      process(21, `java -cp x kafka.Kafka ${CHECKOUT}/.atlas/test/kafka/server.properties`),
      process(30, `/usr/lib/postgresql/15/bin/postgres -D ${CHECKOUT}/.atlas/postgres/data -p 5432`),
      process(31, 'postgres: atlas atlas 127.0.0.1(5000) idle', '/', 30),
      process(40, `/usr/lib/postgresql/15/bin/postgres -D ${CHECKOUT}/.atlas/test/postgres/data -p 25432`),
      process(41, 'postgres: atlas atlas 127.0.0.1(5001) idle', '/', 40),
    ];
    const groups = stackGroups(all, STACK);
    expect(Object.fromEntries([...groups].map(([name, members]) => [name, members.map((member) => member.pid)]))).toEqual({
      gateway: [10],
      connector: [11],
      quality: [13],
      kafka: [20],
      postgres: [30, 31],
    });
  });

  it('takes the state directory from ATLAS_STATE_DIR, relative to the checkout, else .atlas', () => {
    expect(currentStack({}, CHECKOUT)).toEqual(STACK);
    expect(currentStack({ ATLAS_STATE_DIR: '/tmp/state' }, CHECKOUT)).toEqual({ checkout: CHECKOUT, stateDirectory: '/tmp/state' });
    expect(currentStack({ ATLAS_STATE_DIR: '.atlas/test' }, CHECKOUT)).toEqual({ checkout: CHECKOUT, stateDirectory: `${CHECKOUT}/.atlas/test` });
  });
});
