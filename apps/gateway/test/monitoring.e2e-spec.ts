import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { Pool } from 'pg';
import request from 'supertest';
import { generatePeople, isValidPerson } from '../../../scripts/people-dataset';
import { dashboardQueries, metricNamesIn } from '../../../scripts/monitoring/promql-metric-names';
import { PipelineStack, REPOSITORY_ROOT, SERVICE_NAMES, startPipelineStack, stopPipelineStack, TEST_API_KEY, waitFor } from '@atlas/testing';

const BASE_PORT = 5900;
const PROMETHEUS_PORT = 29490;
const PROMETHEUS = `http://127.0.0.1:${PROMETHEUS_PORT}`;
const MONITORING_SCRIPT = join(REPOSITORY_ROOT, 'deploy/local/monitoring.sh');
const DASHBOARDS = join(REPOSITORY_ROOT, 'deploy/monitoring/dashboards');
const run = promisify(execFile);
/** The broker's metrics endpoint (the JMX exporter agent), from infra.sh's infra.env. */
const BROKER_METRICS = process.env.KAFKA_METRICS_ADDRESS;

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An instant query through Prometheus's HTTP API. */
async function query(expression: string): Promise<Sample[]> {
  const response = await fetch(`${PROMETHEUS}/api/v1/query?query=${encodeURIComponent(expression)}`);
  const body = (await response.json()) as { status: string; error?: string; data: { result: Sample[] } };
  if (body.status !== 'success') throw new Error(`Prometheus refused ${expression}: ${body.error}`);
  return body.data.result;
}

/** The queries of a dashboard panel as Grafana sends them, their range variables filled in (a 2-minute rate window). */
function panelQueries(dashboard: string, title: string): string[] {
  const found = dashboardQueries(DASHBOARDS).filter((candidate) => candidate.where === `${dashboard}: ${title}`);
  if (found.length === 0) throw new Error(`no panel "${title}" in ${dashboard}`);
  return found.map(({ expression }) => expression.replaceAll('$__rate_interval', '2m').replaceAll('$__range', '5m'));
}

/** The first query of a dashboard panel. */
function panelQuery(dashboard: string, title: string): string {
  return panelQueries(dashboard, title)[0];
}

/** label value → sample value, for a query grouped by one label. */
async function valuesBy(label: string, expression: string): Promise<Record<string, number>> {
  return Object.fromEntries((await query(expression)).map((sample) => [sample.metric[label], Number(sample.value[1])]));
}

function monitoring(command: 'up' | 'down', ...args: string[]) {
  return run('bash', [MONITORING_SCRIPT, command, ...args], {
    env: {
      ...process.env,
      ATLAS_STATE_DIR: join(REPOSITORY_ROOT, '.atlas', 'test-monitoring'),
      ATLAS_PROMETHEUS_PORT: String(PROMETHEUS_PORT),
      ATLAS_SCRAPE_INTERVAL: '1s',
      ATLAS_MONITORING_TARGETS: SERVICE_NAMES.map((name, index) => `${name}=127.0.0.1:${BASE_PORT + index}`).join(' '),
      ATLAS_MONITORING_KAFKA_TARGET: BROKER_METRICS,
    },
  });
}

describe('monitoring: Prometheus scrapes the services and sees what the dashboards show', () => {
  let stack: PipelineStack;
  let database: Pool;

  beforeAll(async () => {
    if (!BROKER_METRICS) throw new Error("KAFKA_METRICS_ADDRESS is not set: start the test infrastructure with deploy/local/infra.sh (metrics on) and load its infra.env");
    ({ stack, database } = await startPipelineStack(BASE_PORT));
    await monitoring('down', '--purge');
    await monitoring('up');
  }, 180000);

  afterAll(async () => {
    await monitoring('down', '--purge');
    await stopPipelineStack({ stack, database });
  }, 60000);

  it('scrapes the five services and the broker, and loads the alert rules', async () => {
    await waitFor(async () => (await query('up{job=~"atlas|kafka"} == 1')).length === SERVICE_NAMES.length + 1, {
      timeoutMs: 20000,
      description: 'Prometheus to scrape every service and the broker',
    });
    expect(await valuesBy('service', 'up{job="atlas"}')).toEqual({ gateway: 1, connector: 1, 'pii-detection': 1, quality: 1, lineage: 1 });
    expect(await valuesBy('service', 'up{job="kafka"}')).toEqual({ kafka: 1 });
    const rules = (await (await fetch(`${PROMETHEUS}/api/v1/rules?type=alert`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string }> }> } };
    expect(rules.data.groups.flatMap((group) => group.rules.map((rule) => rule.name))).toEqual(
      expect.arrayContaining([
        'AtlasServiceDown',
        'AtlasStageStopped',
        'AtlasDeadLettersGrowing',
        'AtlasQualityScoreDrop',
        'AtlasUnmaskedPiiInChart',
        'AtlasEndToEndLatencySloFastBurn',
        'AtlasKafkaBrokerDown',
        'AtlasKafkaOfflinePartitions',
      ]),
    );
  }, 30000);

  it('shows a stopped stage as lag on its topic, then throughput and lag back to zero once it runs again', async () => {
    const push = (records: unknown[]) =>
      request(stack.services.gateway.baseUrl).post('/api/v1/sources/people/records').set('Authorization', `Bearer ${TEST_API_KEY}`).send(records).expect(202);
    // A counter series appears with its first increment, which rate() cannot see: a first push
    // creates every stage's series, so the throughput of the second one shows.
    const warmUp = generatePeople(10, { seed: 20, firstId: 5000 });
    const warmUpValid = warmUp.filter(isValidPerson).length;
    await push(warmUp);
    // Each stage counts when its batch commits, after publishing: quality can count the push before
    // pii-detection has, so every stage's count of it is waited for (the sample rate() starts from).
    const firstPushCounts = 'sum by (stage, outcome) (atlas_stage_records_total{stage=~"gateway.ingest|connector.explore|pii-detection.protect|quality.validate"})';
    await waitFor(async () => (await query(firstPushCounts)).filter((sample) => sample.value[1] === '10').length === 8, {
      timeoutMs: 30000,
      description: 'Prometheus to count the first push in and out of every stage up to quality',
    });

    const people = generatePeople(40, { seed: 21 });
    const expectedValid = people.filter(isValidPerson).length;
    await stack.services.quality.stop();
    await push(people);

    // The gateway reads every group's lag from the broker: quality's shows while quality is down.
    // A stage commits its offsets after publishing, so the next group's lag can show a scrape before its own falls.
    const lagQuery = panelQuery('kafka.json', 'Consumer lag by group and topic');
    const lagOf = (samples: Sample[]) => Object.fromEntries(samples.map((sample) => [`${sample.metric.group} ${sample.metric.topic}`, Number(sample.value[1])]));
    let lag: Sample[] = [];
    await waitFor(
      async () => {
        lag = await query(lagQuery);
        const byGroup = lagOf(lag);
        return byGroup['quality atlas.protected.records.v1'] === 40 && byGroup['pii-detection atlas.explore.records.v1'] === 0;
      },
      { timeoutMs: 30000, description: "Prometheus to show quality's lag of 40 and pii-detection's of 0" },
    ).catch(() => undefined);
    expect(lagOf(lag)).toMatchObject({ 'quality atlas.protected.records.v1': 40, 'connector atlas.ingest.records.v1': 0, 'pii-detection atlas.explore.records.v1': 0 });
    expect(Object.keys(lagOf(lag)).sort()).toEqual([
      'connector atlas.chart.records.v1',
      'connector atlas.dead-letter.v1',
      'connector atlas.ingest.records.v1',
      'connector atlas.raw.records.v1',
      'connector atlas.run-record-counts.v1',
      'gateway atlas.pii.findings.v1',
      'lineage atlas.lineage.events.v1',
      'pii-detection atlas.explore.records.v1',
      'pii-detection atlas.run-record-counts.v1',
      'quality atlas.protected.records.v1',
      'quality atlas.run-record-counts.v1',
    ]);
    // A stage counts its records when its batch commits, just after publishing them: the next topic's lag
    // can show them a scrape before the stage's own counter does.
    const throughputQuery = panelQuery('pipeline-overview.json', 'Throughput by stage (records out /s)');
    let throughput: Record<string, number> = {};
    await waitFor(
      async () => {
        throughput = await valuesBy('stage', throughputQuery);
        return throughput['connector.explore'] > 0 && throughput['pii-detection.protect'] > 0;
      },
      { timeoutMs: 15000, description: 'throughput of the stages before quality' },
    ).catch(() => undefined);
    expect(throughput['connector.explore']).toBeGreaterThan(0);
    expect(throughput['pii-detection.protect']).toBeGreaterThan(0);
    expect((await valuesBy('service', 'up{job="atlas"}')).quality).toBe(0);
    // Every record of both pushes counted up to pii-detection; quality's series went stale when it stopped.
    const countsIn = 'sum by (stage) (atlas_stage_records_total{stage=~"gateway.ingest|connector.explore|pii-detection.protect|quality.validate", outcome="in"})';
    const expectedIn = { 'gateway.ingest': 50, 'connector.explore': 50, 'pii-detection.protect': 50 };
    await waitFor(async () => isDeepStrictEqual(await valuesBy('stage', countsIn), expectedIn), { timeoutMs: 15000, description: 'counts up to pii-detection' }).catch(() => undefined);
    expect(await valuesBy('stage', countsIn)).toEqual(expectedIn);

    stack.services.quality.start();
    await stack.services.quality.waitUntilReady();
    await waitFor(
      async () => {
        const counts = await query('sum by (stage, outcome) (atlas_stage_records_total{stage=~"quality.validate|connector.navigate"})');
        const quarantined = counts.find((sample) => sample.metric.stage === 'quality.validate' && sample.metric.outcome === 'quarantined');
        const navigated = counts.find((sample) => sample.metric.stage === 'connector.navigate' && sample.metric.outcome === 'out');
        // The restarted quality counts from zero; the connector has counted both pushes.
        return navigated?.value[1] === String(warmUpValid + expectedValid) && quarantined?.value[1] === String(40 - expectedValid);
      },
      { timeoutMs: 30000, description: 'Prometheus to count every record into Navigate or quarantine' },
    );
    await waitFor(async () => lagOf(await query(lagQuery))['quality atlas.protected.records.v1'] === 0, { timeoutMs: 20000, description: "quality's lag back to 0" });
    const after = await valuesBy('stage', panelQuery('pipeline-overview.json', 'Throughput by stage (records out /s)'));
    expect(after['quality.validate']).toBeGreaterThan(0);
    expect(after['connector.navigate']).toBeGreaterThan(0);
    // The panel's first query is the median.
    const [median] = await query(panelQuery('pipeline-overview.json', 'End-to-end latency, ingest to Navigate'));
    expect(Number(median.value[1])).toBeGreaterThan(0);
    expect(await valuesBy('entity_type', panelQuery('pii.json', 'Findings /s by entity type'))).toMatchObject({ EMAIL_ADDRESS: expect.any(Number) });
  }, 120000);

  it("reads the broker's own series back: messages in per topic for the records pushed, replication health, every broker series of the Kafka dashboard", async () => {
    // The tests above pushed 10 + 40 records onto the ingest topic (counted since the topic was
    // created, so at least those); 5 more now, so the rate panel has fresh traffic on the topics the
    // gateway and pii-detection publish to.
    await request(stack.services.gateway.baseUrl)
      .post('/api/v1/sources/people/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .send(generatePeople(5, { seed: 22, firstId: 6000 }))
      .expect(202);
    const ingested = 'sum(kafka_server_brokertopicmetrics_messagesin_total{topic="atlas.ingest.records.v1"})';
    await waitFor(async () => Number((await query(ingested))[0]?.value[1] ?? 0) >= 55, { timeoutMs: 20000, description: "the broker's messages in on the ingest topic" });
    let messagesIn: Record<string, number> = {};
    await waitFor(
      async () => {
        messagesIn = await valuesBy('topic', panelQuery('kafka.json', 'Broker messages in /s by topic'));
        return messagesIn['atlas.ingest.records.v1'] > 0 && messagesIn['atlas.protected.records.v1'] > 0;
      },
      { timeoutMs: 20000, description: 'messages in /s on the ingest and protected topics' },
    ).catch(() => undefined);
    expect(messagesIn['atlas.ingest.records.v1']).toBeGreaterThan(0);
    expect(messagesIn['atlas.protected.records.v1']).toBeGreaterThan(0);
    const [bytesIn, bytesOut] = await Promise.all(panelQueries('kafka.json', 'Broker bytes in and out /s').map(query));
    expect(Number(bytesIn[0].value[1])).toBeGreaterThan(0);
    expect(Number(bytesOut[0].value[1])).toBeGreaterThan(0);
    // One healthy broker that is also the active controller: nothing under-replicated or offline.
    const health = await Promise.all(panelQueries('kafka.json', 'Under-replicated and offline partitions, active controllers').map(async (expression) => Number((await query(expression))[0]?.value[1])));
    expect(health).toEqual([0, 0, 1, 1]);
    expect((await valuesBy('topic', panelQuery('kafka.json', 'Log size by topic')))['atlas.ingest.records.v1']).toBeGreaterThan(0);
    expect(Object.keys(await valuesBy('request', panelQuery('kafka.json', 'Request latency p99 (produce, fetch)'))).sort()).toEqual(['FetchConsumer', 'FetchFollower', 'Produce']);
    // Every broker series any dashboard names is one Prometheus holds from the broker (not only one the fixture lists).
    const scraped = new Set((await query('group by (__name__) ({job="kafka"})')).map((sample) => sample.metric.__name__));
    const named = [...new Set(dashboardQueries(DASHBOARDS).flatMap((entry) => metricNamesIn(entry.expression)).filter((name) => name.startsWith('kafka_')))];
    expect(named.length).toBeGreaterThanOrEqual(10);
    expect(named.filter((name) => !scraped.has(name))).toEqual([]);
  }, 60000);
});
