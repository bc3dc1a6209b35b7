import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { serviceApps } from '../repository-root';
import { startDefaultMetrics } from '@atlas/observability';
import { dashboardQueries, metricNamesIn, PROMETHEUS_SERIES, readRuleFile, recordedNames, ruleQueries, unknownMetrics } from './promql-metric-names';
import { exposedNames, metricModules, RegisteredMetric, registeredMetrics } from './registered-metrics';
import {
  captureGroups,
  exporterMetricNames,
  KAFKA_EXPORTER_RULES,
  KAFKA_SCRAPE_FIXTURE,
  readExporterConfig,
  ruleMetricNames,
  scrapedMetricNames,
} from './kafka-broker-metrics';

const ROOT = join(__dirname, '../..');
const MONITORING = join(ROOT, 'deploy/monitoring');
/** What the broker exports: the sample names of a real scrape with the repository's rules. */
const BROKER_SCRAPED = scrapedMetricNames(readFileSync(join(ROOT, KAFKA_SCRAPE_FIXTURE), 'utf8'));

describe('metricNamesIn', () => {
  it('finds the metrics of an expression, not its functions, labels, ranges, keywords or variables', () => {
    expect(
      metricNamesIn('histogram_quantile(0.95, sum by (le, stage) (rate(atlas_record_age_seconds_bucket{stage="$stage", le!="x_total"}[$__rate_interval])))'),
    ).toEqual(['atlas_record_age_seconds_bucket']);
    expect(metricNamesIn('sum(up{job="atlas"}) / on (topic) group_left (group) count(ALERTS offset 1d) > bool 1e3 unless vector(0)')).toEqual(['ALERTS', 'up']);
    expect(metricNamesIn('atlas:quality_score:ratio15m < atlas:quality_score:ratio6h - 0.1 and foo_total')).toEqual([
      'atlas:quality_score:ratio15m',
      'atlas:quality_score:ratio6h',
      'foo_total',
    ]);
  });
});

describe("the Kafka broker's metrics (JMX exporter rules and a real scrape)", () => {
  const config = readExporterConfig(join(ROOT, KAFKA_EXPORTER_RULES));

  it('reads the capture groups of a pattern and expands a rule name over its literal alternatives', () => {
    expect(captureGroups('a<type=(?!X)(.+), name=(In|Out)(?:PerSec)?, t=((\\w)+)>')).toEqual(['.+', 'In|Out', '(\\w)+', '\\w']);
    expect(ruleMetricNames({ pattern: 'k<type=(A|Bc), name=(x|y)><>Count', name: 'k_$1_$2_total' }, true)).toEqual(['k_a_x_total', 'k_a_y_total', 'k_bc_x_total', 'k_bc_y_total']);
    expect(() => ruleMetricNames({ pattern: 'k<type=(.+)><>Value', name: 'k_$1' }, true)).toThrow('$1 is not a group of literal alternatives');
  });

  it('the scrape holds only broker series the rules produce, and every rule shows in it (the fixture is current)', () => {
    const fromRules = exporterMetricNames(config);
    const scrapedKafka = BROKER_SCRAPED.filter((name) => name.startsWith('kafka_'));
    expect(scrapedKafka.filter((name) => !fromRules.includes(name))).toEqual([]);
    for (const rule of config.rules) {
      expect({ rule: rule.name, scraped: ruleMetricNames(rule, true).some((name) => scrapedKafka.includes(name)) }).toEqual({ rule: rule.name, scraped: true });
    }
    // The agent's own and the broker JVM's series come with every scrape.
    expect(BROKER_SCRAPED).toEqual(expect.arrayContaining(['jmx_scrape_duration_seconds', 'jvm_memory_used_bytes', 'process_cpu_seconds_total']));
  });

  it('keeps a scrape cheap: only the MBeans the rules read are queried', () => {
    const domains = config.includeObjectNames?.map((name) => name.split(':')[0]) ?? [];
    expect(config.includeObjectNames?.length).toBeGreaterThan(0);
    expect(config.includeObjectNames?.filter((name) => name.endsWith(',*') || name.includes('request=*'))).toEqual([]);
    for (const rule of config.rules) expect(domains).toContain(rule.pattern.split('<')[0]);
  });

  it("the Kafka dashboard shows the broker's traffic, replication health, latency and log size", () => {
    const used = dashboardQueries(join(MONITORING, 'dashboards'))
      .filter((query) => query.where.startsWith('kafka.json'))
      .flatMap((query) => metricNamesIn(query.expression))
      .filter((name) => name.startsWith('kafka_'));
    expect([...new Set(used)].sort()).toEqual([
      'kafka_controller_kafkacontroller_activecontrollercount',
      'kafka_controller_kafkacontroller_offlinepartitionscount',
      'kafka_log_log_size',
      'kafka_network_requestmetrics_totaltimems',
      'kafka_network_socketserver_networkprocessoravgidle_percent',
      'kafka_server_brokertopicmetrics_bytesin_total',
      'kafka_server_brokertopicmetrics_bytesout_total',
      'kafka_server_brokertopicmetrics_messagesin_total',
      'kafka_server_kafkarequesthandlerpool_requesthandleravgidle_percent',
      'kafka_server_replicamanager_underreplicatedpartitions',
    ]);
  });
});

describe('dashboards and alert rules use only metrics the services and the broker export', () => {
  let metrics: RegisteredMetric[];
  let known: Set<string>;
  const rules = readRuleFile(join(MONITORING, 'alerts.yml'));

  beforeAll(async () => {
    // Every module that defines metrics, found in the sources (not listed by hand), plus the defaults.
    for (const file of metricModules(ROOT, ['apps', 'libs'])) await import(join(ROOT, file));
    startDefaultMetrics('test');
    metrics = await registeredMetrics();
    known = new Set([...exposedNames(metrics), ...BROKER_SCRAPED, ...recordedNames(rules), ...PROMETHEUS_SERIES]);
  });

  it('finds the metric modules of the services and libraries', () => {
    expect(metricModules(ROOT, ['apps', 'libs'])).toEqual([
      'apps/connector/src/navigate/typed/typed-navigate.metrics.ts',
      'apps/connector/src/navigate/unmasked-pii-canary.ts',
      'apps/pii-detection/src/protection/protection.metrics.ts',
      'apps/pii-detection/src/vault/vault.metrics.ts',
      'apps/quality/src/validation/quality.metrics.ts',
      'libs/kafka/src/consumer-lag.ts',
      'libs/observability/src/http-metrics.ts',
      'libs/observability/src/metrics.ts',
    ]);
  });

  it('registers exactly these Atlas metrics, with these labels (bounded: no value, no record id)', () => {
    expect(metrics.filter((metric) => metric.name.startsWith('atlas_')).map(({ name, type, labelNames }) => `${name} ${type} ${labelNames.join(',')}`)).toEqual([
      'atlas_batch_duration_seconds histogram topic',
      'atlas_batch_size_records histogram topic',
      'atlas_chart_unmasked_pii_total counter source,entity_type',
      'atlas_consumer_lag_messages gauge group,topic,partition',
      'atlas_consumer_partitions_waiting gauge topic',
      'atlas_consumer_retries_total counter topic,kind,error_class',
      'atlas_http_request_duration_seconds histogram method,route,status_code',
      'atlas_navigate_typed_conflicts_total counter source',
      'atlas_pii_findings_total counter source,entity_type,operator',
      'atlas_pii_records_total counter source,result',
      'atlas_quality_alert_deliveries_total counter result',
      'atlas_quality_check_failures_total counter source,rule,level',
      'atlas_quality_checks_not_evaluated_total counter source,rule',
      'atlas_quality_records_replayed_total counter source,outcome',
      'atlas_quality_retention_deleted_rows_total counter rows',
      'atlas_quality_rule_violations_total counter source,rule',
      'atlas_record_age_seconds histogram stage',
      'atlas_records_consumed_total counter topic,outcome',
      'atlas_records_isolated_total counter topic,error_class',
      'atlas_records_published_total counter topic',
      'atlas_stage_records_total counter stage,source,outcome',
      'atlas_vault_operations_total counter operation,outcome',
    ]);
  });

  it('has the five dashboards, each panel with a query', () => {
    const queries = dashboardQueries(join(MONITORING, 'dashboards'));
    expect([...new Set(queries.map((query) => query.where.split(':')[0]))]).toEqual(['kafka.json', 'pii.json', 'pipeline-overview.json', 'quality.json', 'stages.json']);
    expect(queries.filter((query) => query.expression.trim() === '')).toEqual([]);
    expect(queries.length).toBeGreaterThanOrEqual(35);
  });

  it('every dashboard query names only registered metrics, broker series, recording rules or Prometheus series', () => {
    expect(unknownMetrics(dashboardQueries(join(MONITORING, 'dashboards')), known)).toEqual([]);
  });

  it('every alert and recording rule names only registered metrics, broker series, recording rules or Prometheus series', () => {
    expect(unknownMetrics(ruleQueries(rules), known)).toEqual([]);
  });

  it('reports a query naming a metric nobody registers', () => {
    expect(unknownMetrics([{ where: 'x.json: panel', expression: 'sum(rate(atlas_records_processed_total[5m])) / sum(up)' }], known)).toEqual([
      { where: 'x.json: panel', unknown: ['atlas_records_processed_total'] },
    ]);
  });
});

describe('the Compose Prometheus configuration', () => {
  it('scrapes every service under its own name, with the alert rules loaded', () => {
    const config = parse(readFileSync(join(MONITORING, 'prometheus.compose.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Array<{ static_configs: Array<{ targets: string[]; labels: { service: string } }> }>;
    };
    const targets = config.scrape_configs[0].static_configs.map((entry) => `${entry.labels.service}=${entry.targets.join(',')}`);
    expect(targets).toEqual(['gateway=gateway:3000', 'connector=connector:3001', 'pii-detection=pii-detection:3002', 'quality=quality:3003', 'lineage=lineage:3004']);
    expect(targets.map((target) => target.split('=')[0]).sort()).toEqual(serviceApps(ROOT));
    expect(config.rule_files).toEqual(['alerts.yml']);
  });
});
