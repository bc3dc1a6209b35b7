import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, NoopSpanProcessor, Sampler } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let sdk: NodeSDK | undefined;

/** Whether spans leave the process: only when an OTLP endpoint is configured. */
export function tracesExported(environment: NodeJS.ProcessEnv): boolean {
  return Boolean(environment.OTEL_EXPORTER_OTLP_ENDPOINT || environment.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * With no exporter, spans are not recorded: recording them only to drop them cost 3–8 % of each
 * service's CPU (bench:e2e profiles). Unrecorded spans still get trace and span ids, so trace ids
 * travel in Kafka headers, logs and answers as before, with the traceparent's sampled flag off.
 * With an exporter, every span is recorded, also below a parent whose flag is off: that flag only
 * says the upstream service exports nothing, so a service exporting alone still traces everything.
 * A sampler chosen through OTEL_TRACES_SAMPLER stands (undefined: the SDK reads it).
 */
export function samplerFor(environment: NodeJS.ProcessEnv): Sampler | undefined {
  if (environment.OTEL_TRACES_SAMPLER) return undefined;
  return tracesExported(environment) ? new AlwaysOnSampler() : new AlwaysOffSampler();
}

/**
 * Starts OpenTelemetry. Must run before Nest, pg or express are loaded, or their spans are lost,
 * so every app's main.ts imports its tracing.ts first. Spans are recorded and exported only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (see samplerFor).
 */
export function startTracing(serviceName: string): void {
  if (sdk) return;
  // Atlas logs through pino and serves metrics itself; only traces go through the SDK.
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  const exporting = tracesExported(process.env);
  const sampler = samplerFor(process.env);
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? serviceName }),
    ...(sampler ? { sampler } : {}),
    spanProcessors: [exporting ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }) : new NoopSpanProcessor()],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
}

export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
