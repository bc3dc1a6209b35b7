import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, AlwaysOnSampler, InMemorySpanExporter, Sampler, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { startRecordSpan, traceIdOf } from './trace-context';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED, isRemote: true });
const ATTRIBUTES = { 'messaging.system': 'kafka', 'messaging.kafka.offset': '42' };

function useSampler(sampler: Sampler): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new TracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
  return exporter;
}

describe('startRecordSpan', () => {
  afterEach(() => trace.disable());

  it('records a consumer span with its attributes as a child of the producer span when spans are recorded', () => {
    const exporter = useSampler(new AlwaysOnSampler());
    const span = startRecordSpan('atlas.explore.records.v1 process', PARENT, ATTRIBUTES);
    span.end();

    const [finished] = exporter.getFinishedSpans();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(finished.name).toBe('atlas.explore.records.v1 process');
    expect(finished.kind).toBe(SpanKind.CONSUMER);
    expect(finished.attributes).toEqual(ATTRIBUTES);
    expect(finished.spanContext().traceId).toBe(TRACE_ID);
    expect(finished.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it('keeps the trace id and exports nothing when spans are not recorded', () => {
    const exporter = useSampler(new AlwaysOffSampler());
    const span = startRecordSpan('atlas.explore.records.v1 process', PARENT, ATTRIBUTES);
    span.end();

    expect(span.isRecording()).toBe(false);
    expect(traceIdOf(trace.setSpan(ROOT_CONTEXT, span))).toBe(TRACE_ID);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
