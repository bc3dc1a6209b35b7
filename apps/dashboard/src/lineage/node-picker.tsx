import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../api/session';
import { Panel, Problem } from '../components/widgets';

/** Namespaces and their jobs, to pick where to start when no node is in the URL. */
export function NodePicker({ onPick }: { onPick(nodeId: string): void }) {
  const { client } = useSession();
  const [namespace, setNamespace] = useState<string | null>(null);
  const namespaces = useQuery({ queryKey: ['namespaces'], queryFn: () => client.get<{ namespaces: Array<{ name: string }> }>('/api/v1/namespaces?limit=200') });
  const jobs = useQuery({
    queryKey: ['jobs', namespace],
    queryFn: () => client.get<{ jobs: Array<{ namespace: string; name: string }> }>(`/api/v1/namespaces/${encodeURIComponent(namespace!)}/jobs?limit=200`),
    enabled: namespace !== null,
  });
  return (
    <Panel title="Start from a job">
      <Problem error={namespaces.error ?? jobs.error} />
      <div className="picker">
        <ul aria-label="Namespaces">
          {namespaces.data?.namespaces.map((item) => (
            <li key={item.name}>
              <button type="button" className={item.name === namespace ? 'link selected' : 'link'} onClick={() => setNamespace(item.name)}>
                {item.name}
              </button>
            </li>
          ))}
        </ul>
        {namespace && (
          <ul aria-label={`Jobs of ${namespace}`}>
            {jobs.data?.jobs.map((job) => (
              <li key={job.name}>
                <button type="button" className="link" onClick={() => onPick(`job:${job.namespace}:${job.name}`)}>
                  {job.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
