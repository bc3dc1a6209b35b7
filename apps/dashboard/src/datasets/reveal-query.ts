import { useMutation } from '@tanstack/react-query';
import { useSession } from '../api/session';

/** POST /api/v1/pii/detokenize: the value behind a token, for a caller holding pii:reveal. */
export interface RevealedValue {
  token: string;
  entityType: string;
  value: string;
}

/** Reveal a token's value; nothing is cached (the value lives only in the component that asked). */
export function useReveal() {
  const { client } = useSession();
  return useMutation({ mutationFn: (request: { token: string; reason: string }) => client.post<RevealedValue>('/api/v1/pii/detokenize', { token: request.token, reason: request.reason.trim() }) });
}
