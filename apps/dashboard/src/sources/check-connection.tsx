import { Problem } from '../components/widgets';
import { useCheckSource } from './source-queries';

/** Asks the connector whether the source's config reaches its data (a file exists and is readable, a table answers …). */
export function CheckConnection({ sourceId }: { sourceId: string }) {
  const check = useCheckSource(sourceId);
  return (
    <div className="actions">
      <button type="button" className="secondary" disabled={check.isPending} onClick={() => check.mutate()}>
        {check.isPending ? 'Checking…' : 'Test connection'}
      </button>
      <span role="status" data-testid="check-result" className={check.data ? (check.data.ok ? 'check-ok' : 'check-failed') : undefined}>
        {check.data && `${check.data.ok ? 'Reachable' : 'Not reachable'}: ${check.data.message}`}
      </span>
      <Problem error={check.error} />
    </div>
  );
}
