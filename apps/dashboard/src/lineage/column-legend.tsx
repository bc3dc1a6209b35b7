/** What the column drawing means, in words and line styles as well as colour (WCAG 1.4.1). */
export function ColumnLegend({ traced }: { traced: string | null }) {
  const sample = (className: string) => (
    <svg width="44" height="12" aria-hidden="true" className="legend-sample">
      <path d="M2,6 L42,6" className={className} />
    </svg>
  );
  return (
    <div className="legend" aria-label="Legend" role="group">
      <span>
        {sample('column-edge')} column edge: values copied or derived
      </span>
      <span>
        {sample('column-edge column-edge-masked')} dashed: masked, values protected on the way
      </span>
      <span>
        {sample('column-edge column-edge-pii')} thick: carries personal data unmasked
      </span>
      <span>
        <strong className="pii-badge">PII</strong> a column holding the traced personal data
      </span>
      <span className="muted">{traced ? `Tracing ${traced}. Choose another column to trace it, or the same one to stop.` : 'Choose a column to trace where its personal data goes.'}</span>
    </div>
  );
}
