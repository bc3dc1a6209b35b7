import { UpstreamAnswer } from './internal-service-client';

/** The part of Express's response a relaying handler sets (with @Res({ passthrough: true })). */
export interface RelayResponse {
  status(code: number): unknown;
}

/** Answers the caller with the service's status (200, 201, 202) and body. */
export function relay(response: RelayResponse, answer: UpstreamAnswer): unknown {
  response.status(answer.status);
  return answer.body;
}
