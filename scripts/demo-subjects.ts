/**
 * Demo: a data-subject erasure through the gateway (/api/v1/subject-requests), printed with what was
 * found where and each erasure step. The identifier is sent once and kept only as a keyed hash.
 */
import { adminSession } from './demo-tour';
import { ClientOptions } from './pipeline-client';

interface SubjectRequestBody {
  id?: string;
  status?: string;
  dueAt?: string;
  found?: { explore: number; navigate: number; quarantine: number; vaultTokens: number };
  steps?: Array<{ step: string; status: string; count: number }>;
  coverage?: { notCovered?: string[] };
}

async function erase(options: ClientOptions, accessToken: string, email: string): Promise<{ status: number; body: SubjectRequestBody }> {
  const response = await fetch(`${options.gatewayUrl}/api/v1/subject-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ type: 'erasure', identifierType: 'email', identifier: email, reason: 'demo: a customer asked to be forgotten' }),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as SubjectRequestBody };
}

export async function showSubjectErasure(options: ClientOptions, email: string): Promise<void> {
  console.log('\nA data-subject erasure (gateway POST /api/v1/subject-requests, subjects:manage; the e-mail is kept only as a keyed hash):');
  const session = await adminSession(options);
  if (!session) return;
  const first = await erase(options, session.accessToken, email);
  if (first.status !== 201 || !first.body.found) {
    console.log(`  the request answered ${first.status}`);
    return;
  }
  const { found, steps = [] } = first.body;
  console.log(`  found one pushed customer: ${found.explore} in Explore (raw), ${found.navigate} in Navigate (masked), ${found.quarantine} in quarantine, ${found.vaultTokens} vault token(s)`);
  console.log(`  ${steps.map((step) => `${step.step} ${step.count}`).join(', ')} → ${first.body.status}, due ${first.body.dueAt}`);
  const again = await erase(options, session.accessToken, email);
  console.log(`  erasing again changes nothing: ${(again.body.steps ?? []).map((step) => step.count).join(' ')} (${again.body.status})`);
  if (first.body.coverage?.notCovered?.length) console.log(`  not covered: ${first.body.coverage.notCovered.join('; ')}`);
}
