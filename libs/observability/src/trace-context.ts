import { context, Context, propagation, ROOT_CONTEXT, Span, SpanKind, trace } from '@opentelemetry/api';

export type StringHeaders = Record<string, string>;

const TRACER_NAME = 'atlas';

/** Reads the W3C trace context a producer wrote into Kafka headers. */
export function extractTraceContext(headers: StringHeaders): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Writes the trace context into headers of a message about to be produced. */
export function injectTraceContext(traceContext: Context, headers: StringHeaders = {}): StringHeaders {
  propagation.inject(traceContext, headers);
  return headers;
}

/**
 * Starts the span of one record's processing in a stage, as a child of the span that produced it,
 * so a record's trace runs through every service it crosses. Attributes are set only on a recorded
 * span: given to startSpan, the SDK would copy and check them for every record even when nothing
 * records it (3–7 % of the gateway's CPU in bench:e2e). No Atlas sampler reads them.
 */
export function startRecordSpan(name: string, parent: Context, attributes: Record<string, string | number>): Span {
  const span = trace.getTracer(TRACER_NAME).startSpan(name, { kind: SpanKind.CONSUMER }, parent);
  if (span.isRecording()) span.setAttributes(attributes);
  return span;
}

export function contextWithSpan(parent: Context, span: Span): Context {
  return trace.setSpan(parent, span);
}

export function activeContext(): Context {
  return context.active();
}

/** The trace id of a context, or undefined when it carries no valid span. */
export function traceIdOf(traceContext: Context): string | undefined {
  const spanContext = trace.getSpanContext(traceContext);
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
