import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { VaultTokenEntity } from './vault-token.entity';

export type NewVaultToken = Omit<VaultTokenEntity, 'createdAt'>;

@Injectable()
export class VaultTokenRepository {
  constructor(@InjectRepository(VaultTokenEntity) private readonly tokens: Repository<VaultTokenEntity>) {}

  /** Inserts the rows whose (namespace, value_hmac) is new; an existing row keeps its token. */
  async insertIfAbsent(rows: NewVaultToken[]): Promise<void> {
    if (rows.length === 0) return;
    await this.tokens.createQueryBuilder().insert().into(VaultTokenEntity).values(rows).orIgnore().execute();
  }

  /** The token of each known HMAC in the namespace. */
  async tokensByHmac(namespace: string, valueHmacs: string[]): Promise<Map<string, string>> {
    if (valueHmacs.length === 0) return new Map();
    const rows = await this.tokens.find({ select: { token: true, valueHmac: true }, where: { namespace, valueHmac: In(valueHmacs) } });
    return new Map(rows.map((row) => [row.valueHmac, row.token]));
  }

  findByToken(token: string): Promise<VaultTokenEntity | null> {
    return this.tokens.findOneBy({ token });
  }
}
