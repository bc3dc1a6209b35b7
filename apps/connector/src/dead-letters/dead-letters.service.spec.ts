import { NotFoundException } from '@nestjs/common';
import { DeadLetter, LIST_SORTS } from '@atlas/contracts';
import { DeadLettersQuery, decodeCursor } from '@atlas/platform';
import { DeadLetterRepository, StoredDeadLetter } from './dead-letter.repository';
import { DEAD_LETTER_RETENTION_DAYS, DeadLettersService } from './dead-letters.service';

const SEALED = { algorithm: 'x25519-hkdf-sha256-aes-256-gcm/v1', ephemeralPublicKey: 'A'.repeat(43) + '=', iv: 'B'.repeat(16), tag: 'C'.repeat(22) + '==', ciphertext: 'ZGF0YQ==' } as DeadLetter['sealedOriginalValue'];

function stored(deadLetterId: number, kept = true): StoredDeadLetter {
  return {
    deadLetterId,
    reason: 'value is not valid JSON (at position 3)',
    service: 'connector',
    failedAt: new Date('2026-11-30T10:00:00.000Z'),
    source: { topic: 'atlas.ingest.records.v1', partition: 1, offset: String(40 + deadLetterId), sourceId: 'people', runId: 'run-1' },
    originalValueKept: kept,
    sealedOriginalValue: kept ? SEALED : null,
    receivedAt: new Date('2026-11-30T10:00:01.000Z'),
  };
}

function query(values: Partial<DeadLettersQuery>): DeadLettersQuery {
  return Object.assign(new DeadLettersQuery(), values);
}

describe('DeadLettersService', () => {
  let repository: { store: jest.Mock; page: jest.Mock; find: jest.Mock; prune: jest.Mock };
  let service: DeadLettersService;

  beforeEach(() => {
    repository = { store: jest.fn().mockResolvedValue(undefined), page: jest.fn(), find: jest.fn(), prune: jest.fn() };
    service = new DeadLettersService(repository as unknown as DeadLetterRepository);
  });

  it('lists a page newest first, with a cursor scoped to the sort and the filters, and no sealed value', async () => {
    repository.page.mockResolvedValue([stored(9), stored(8), stored(7)]);
    const page = await service.list(query({ limit: 2, runId: 'run-1' }));
    expect(repository.page).toHaveBeenCalledWith(expect.objectContaining({ runId: 'run-1' }), true, undefined, 3);
    expect(page.items).toEqual([
      { deadLetterId: 9, reason: 'value is not valid JSON (at position 3)', service: 'connector', failedAt: '2026-11-30T10:00:00.000Z', source: stored(9).source, originalValueKept: true, receivedAt: '2026-11-30T10:00:01.000Z' },
      expect.objectContaining({ deadLetterId: 8 }),
    ]);
    expect(decodeCursor(page.nextCursor!, `dead-letters:${LIST_SORTS.deadLetters[0]}:*:run-1:*`, () => true)).toEqual(['8']);

    repository.page.mockResolvedValue([stored(7)]);
    const next = await service.list(query({ limit: 2, runId: 'run-1', cursor: page.nextCursor! }));
    expect(repository.page).toHaveBeenLastCalledWith(expect.anything(), true, 8, 3);
    expect(next.nextCursor).toBeNull();
  });

  it("refuses another list's cursor (another run) with cursor_invalid", async () => {
    repository.page.mockResolvedValue([stored(9), stored(8)]);
    const page = await service.list(query({ limit: 1, runId: 'run-1' }));
    await expect(service.list(query({ limit: 1, runId: 'run-2', cursor: page.nextCursor! }))).rejects.toMatchObject({ response: expect.objectContaining({ code: 'cursor_invalid' }) });
  });

  it('hands the sealed value and its position only for one dead letter that kept it', async () => {
    repository.find.mockResolvedValueOnce(stored(3)).mockResolvedValueOnce(stored(4, false)).mockResolvedValueOnce(null);
    await expect(service.sealed(3)).resolves.toEqual({ source: stored(3).source, sealedOriginalValue: SEALED });
    await expect(service.sealed(4)).rejects.toThrow(new NotFoundException('Dead letter 4 kept no original value'));
    await expect(service.sealed(5)).rejects.toThrow(new NotFoundException('No dead letter 5'));
  });

  it(`prunes what arrived more than ${DEAD_LETTER_RETENTION_DAYS} days ago, batch after batch until none is left`, async () => {
    repository.prune.mockResolvedValueOnce(10_000).mockResolvedValueOnce(1_234).mockResolvedValueOnce(0);
    await expect(service.prune(new Date('2026-12-31T00:00:00.000Z'))).resolves.toBe(11_234);
    expect(repository.prune.mock.calls).toEqual(Array(3).fill([new Date('2026-12-01T00:00:00.000Z'), 10_000]));
  });
});
