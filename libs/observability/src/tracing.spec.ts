import { defaultTextMapSetter, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { AlwaysOffSampler, AlwaysOnSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { samplerFor, tracesExported } from './tracing';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

describe('tracing configuration', () => {
  it('exports traces only when an OTLP endpoint is set', () => {
    expect(tracesExported({})).toBe(false);
    expect(tracesExported({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(tracesExported({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracesExported({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  });

  it('records nothing without an exporter, everything with one, and leaves a chosen sampler to the SDK', () => {
    expect(samplerFor({})).toBeInstanceOf(AlwaysOffSampler);
    expect(samplerFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeInstanceOf(AlwaysOnSampler);
    expect(samplerFor({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toBeUndefined();
    expect(samplerFor({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
  });

  it('records the spans of a service that exports below a parent from one that does not', () => {
    const tracer = new TracerProvider({ sampler: samplerFor({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }) }).getTracer('spec');
    const unexportedParent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: TraceFlags.NONE, isRemote: true });

    const span = tracer.startSpan('atlas.stage', {}, unexportedParent);

    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
  });

  it('keeps the trace id of an unrecorded span, so it still travels in headers and logs', () => {
    const tracer = new TracerProvider({ sampler: samplerFor({}) }).getTracer('spec');
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });

    const span = tracer.startSpan('atlas.stage', {}, parent);
    const headers: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(trace.setSpan(ROOT_CONTEXT, span), headers, defaultTextMapSetter);

    expect(span.isRecording()).toBe(false);
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.spanContext().spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanContext().spanId).not.toBe(PARENT_SPAN_ID);
    expect(headers).toEqual({ traceparent: `00-${TRACE_ID}-${span.spanContext().spanId}-00` });
  });

  it('gives a root span a fresh trace id', () => {
    const tracer = new TracerProvider({ sampler: samplerFor({}) }).getTracer('spec');
    const first = tracer.startSpan('atlas.push').spanContext().traceId;
    const second = tracer.startSpan('atlas.push').spanContext().traceId;
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(first).not.toBe(second);
  });
});
