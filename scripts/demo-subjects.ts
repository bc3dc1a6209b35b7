/**
 * Demo: a data-subject rectification and erasure through the gateway (/api/v1/subject-requests),
 * printed with what was found where and each step. The identifier is sent once and kept only as a
 * keyed hash; a rectification's new values wait sealed to the vault key until they are applied.
 */
import type { Pool } from 'pg';
import { adminSession } from './demo-tour';
import { ClientOptions } from './pipeline-client';

interface SubjectRequestBody {
  id?: string;
  status?: string;
  dueAt?: string;
  found?: { explore: number; navigate: number; quarantine: number; vaultTokens: number };
  steps?: Array<{ step: string; status: string; count: number }>;
  fields?: string[];
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

// --- Rectification (GDPR Art. 16) -------------------------------------------------------------

const RECTIFIED_NAME = 'Rectified Customer';

/** Corrects one pushed customer's name, then shows that their raw rows no longer hold the old one. */
export async function showSubjectRectification(database: Pool, options: ClientOptions, person: { email: string | null; name: string } | undefined): Promise<void> {
  console.log('\nA data-subject rectification (POST /api/v1/subject-requests type rectification, corrections {name}; the new value is sealed to the vault key until applied):');
  const session = await adminSession(options);
  if (!session || !person?.email) return;
  const rawRowsWithName = async () =>
    Number((await database.query("SELECT count(*) AS n FROM connector.explore_records WHERE lower(payload->>'email') = lower($1) AND payload->>'name' = $2", [person.email, person.name])).rows[0].n);
  const before = await rawRowsWithName();
  const response = await fetch(`${options.gatewayUrl}/api/v1/subject-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.accessToken}` },
    body: JSON.stringify({ type: 'rectification', identifierType: 'email', identifier: person.email, reason: 'demo: a customer corrected their name', corrections: { name: RECTIFIED_NAME } }),
  });
  const body = (await response.json().catch(() => ({}))) as SubjectRequestBody;
  if (response.status !== 201) {
    console.log(`  the request answered ${response.status}`);
    return;
  }
  console.log(`  ${(body.steps ?? []).map((step) => `${step.step} ${step.count}`).join(', ')} → ${body.status} (fields: ${(body.fields ?? []).join(', ')})`);
  console.log(`  raw rows of this customer with the old name: ${before} before, ${await rawRowsWithName()} after; its old vault token is shredded, Navigate holds the new name's token`);
}

