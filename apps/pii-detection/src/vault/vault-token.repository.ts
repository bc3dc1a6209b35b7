import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { chunkRowsForInsert, insertIgnoringDuplicates } from '@atlas/database';
import { VaultTokenEntity } from './vault-token.entity';

export type NewVaultToken = Omit<VaultTokenEntity, 'createdAt'>;

@Injectable()
export class VaultTokenRepository {
  constructor(@InjectRepository(VaultTokenEntity) private readonly tokens: Repository<VaultTokenEntity>) {}

  /** Inserts the rows whose (namespace, value_hmac) is new; an existing row keeps its token. */
  async insertIfAbsent(rows: NewVaultToken[]): Promise<void> {
    await insertIgnoringDuplicates(this.tokens, rows);
  }

  /** The token of each known HMAC in the namespace. */
  async tokensByHmac(namespace: string, valueHmacs: string[]): Promise<Map<string, string>> {
    const tokens = new Map<string, string>();
    // One bind parameter per HMAC (plus the namespace): look up in statements under the limit.
    for (const chunk of chunkRowsForInsert(valueHmacs, 1, 10000)) {
      const rows = await this.tokens.find({ select: { token: true, valueHmac: true }, where: { namespace, valueHmac: In(chunk) } });
      for (const row of rows) tokens.set(row.valueHmac, row.token);
    }
    return tokens;
  }

  findByToken(token: string): Promise<VaultTokenEntity | null> {
    return this.tokens.findOneBy({ token });
  }
}
