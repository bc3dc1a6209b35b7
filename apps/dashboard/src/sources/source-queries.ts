import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { useSession } from '../api/session';
import type { Source } from '../api/types';
import type { JsonSchema } from './config-form';
import { sendFile, UploadProgress, UploadResult, uploadPath } from './upload';

/** GET /api/v1/connectors: each source type with its config's JSON Schema. */
export interface Connector {
  type: string;
  description: string;
  spec: JsonSchema;
}

/** POST /api/v1/sources/:sourceId/check */
export interface ConnectionCheck {
  ok: boolean;
  message: string;
}

export interface NewSource {
  sourceId: string;
  type: string;
  config: Record<string, unknown>;
  schedule?: string;
}

export function useConnectors() {
  const { client, can } = useSession();
  // The types and their specs change only with a deployment.
  return useQuery({ queryKey: ['connectors'], queryFn: () => client.get<Connector[]>('/api/v1/connectors'), enabled: can('sources:read'), staleTime: Infinity });
}

export function useCreateSource() {
  const { client } = useSession();
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (source: NewSource) => client.post<Source>('/api/v1/sources', source), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sources'] }) });
}

export function useCheckSource(sourceId: string) {
  const { client } = useSession();
  return useMutation({ mutationFn: () => client.post<ConnectionCheck>(`/api/v1/sources/${encodeURIComponent(sourceId)}/check`) });
}

/** Uploads a file for a source with its progress; the source and its runs are fetched again when it is stored. */
export function useUpload(sourceId: string) {
  const { client } = useSession();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const aborter = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationFn: async (file: File): Promise<UploadResult> => {
      // A call through the client renews an expired access token first; the upload then carries the fresh one.
      await client.get('/api/v1/auth/me');
      const accessToken = client.session?.accessToken;
      if (!accessToken) throw new Error('Signed out');
      aborter.current = new AbortController();
      setProgress({ sent: 0, total: file.size });
      return sendFile(uploadPath(sourceId, file.name), accessToken, file, setProgress, aborter.current.signal);
    },
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['source-runs'] }), queryClient.invalidateQueries({ queryKey: ['sources', sourceId] })]),
  });
  const abort = useCallback(() => aborter.current?.abort(), []);
  return { ...mutation, progress, abort };
}
