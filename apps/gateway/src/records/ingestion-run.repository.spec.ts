import { Repository } from 'typeorm';
import { IngestionRunEntity } from './ingestion-run.entity';
import { IngestionRunRepository, RunClaim, STALE_CLAIM_SECONDS } from './ingestion-run.repository';

const RUN: RunClaim = { runId: 'run-1', sourceId: 'people', recordCount: 2, idempotencyKey: 'key-1', bodyChecksum: 'c'.repeat(64), traceId: null };
const TOKEN = '4f1c2d3e-0a1b-4c2d-8e3f-112233445566';

describe('IngestionRunRepository', () => {
  let query: jest.Mock;
  let update: jest.Mock;
  let findOneBy: jest.Mock;
  let repository: IngestionRunRepository;

  beforeEach(() => {
    query = jest.fn();
    update = jest.fn().mockResolvedValue({ affected: 1, raw: [], generatedMaps: [] });
    findOneBy = jest.fn();
    repository = new IngestionRunRepository({ query, update, findOneBy } as unknown as Repository<IngestionRunEntity>);
  });

  describe('claim', () => {
    it('returns the claim token the claiming statement drew', async () => {
      query.mockResolvedValue([{ claim_token: TOKEN }]);
      await expect(repository.claim(RUN)).resolves.toEqual({ claimed: true, claimToken: TOKEN });
      expect(query).toHaveBeenCalledWith(expect.any(String), ['run-1', 'people', 2, 'key-1', 'c'.repeat(64), null, STALE_CLAIM_SECONDS]);
      expect(findOneBy).not.toHaveBeenCalled();
    });

    it('draws a new token on insert and on takeover, and returns it', async () => {
      query.mockResolvedValue([{ claim_token: TOKEN }]);
      await repository.claim(RUN);
      const sql = (query.mock.calls[0][0] as string).replace(/\s+/g, ' ');
      expect(sql).toContain("VALUES ($1, $2, $3, 0, $4, $5, $6, 'publishing', now(), gen_random_uuid())");
      expect(sql).toContain('SET state = \'publishing\', claimed_at = now(), claim_token = EXCLUDED.claim_token,');
      expect(sql).toMatch(/RETURNING claim_token$/);
    });

    it('answers with the existing run when the claim is refused', async () => {
      const existing = { runId: 'run-1', state: 'publishing' } as IngestionRunEntity;
      query.mockResolvedValue([]);
      findOneBy.mockResolvedValue(existing);
      await expect(repository.claim(RUN)).resolves.toEqual({ claimed: false, existing });
      expect(findOneBy).toHaveBeenCalledWith({ runId: 'run-1' });
    });
  });

  describe('after a takeover (the row holds another token)', () => {
    beforeEach(() => update.mockResolvedValue({ affected: 0, raw: [], generatedMaps: [] }));

    it("refuses the old owner's markAccepted", async () => {
      await expect(repository.markAccepted('run-1', TOKEN)).resolves.toBe(false);
      expect(update).toHaveBeenCalledWith({ runId: 'run-1', state: 'publishing', claimToken: TOKEN }, { state: 'accepted', acceptedAt: expect.any(Function) });
    });

    it("matches the old owner's markFailed only by its own token, so the new owner's claim stays", async () => {
      await expect(repository.markFailed('run-1', TOKEN)).resolves.toBeUndefined();
      expect(update).toHaveBeenCalledWith({ runId: 'run-1', state: 'publishing', claimToken: TOKEN }, { state: 'failed' });
    });

    it("reports the old owner's refresh as no longer holding the claim", async () => {
      await expect(repository.refreshClaim('run-1', TOKEN)).resolves.toBe(false);
      expect(update).toHaveBeenCalledWith({ runId: 'run-1', state: 'publishing', claimToken: TOKEN }, { claimedAt: expect.any(Function) });
    });
  });

  describe('while the claim is held', () => {
    it('accepts the run, stamping the time in the database', async () => {
      await expect(repository.markAccepted('run-1', TOKEN)).resolves.toBe(true);
      const [, changes] = update.mock.calls[0] as [unknown, { acceptedAt: () => string }];
      expect(changes.acceptedAt()).toBe('now()');
    });

    it('refreshes the claim time in the database', async () => {
      await expect(repository.refreshClaim('run-1', TOKEN)).resolves.toBe(true);
      const [criteria, changes] = update.mock.calls[0] as [unknown, { claimedAt: () => string }];
      expect(criteria).toEqual({ runId: 'run-1', state: 'publishing', claimToken: TOKEN });
      expect(changes.claimedAt()).toBe('now()');
    });
  });

  it('finds only accepted runs', async () => {
    findOneBy.mockResolvedValue(null);
    await expect(repository.findAccepted('run-1')).resolves.toBeNull();
    expect(findOneBy).toHaveBeenCalledWith({ runId: 'run-1', state: 'accepted' });
  });
});
