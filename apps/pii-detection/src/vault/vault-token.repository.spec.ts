import { Repository } from 'typeorm';
import { POSTGRES_MAX_BIND_PARAMETERS } from '@atlas/database';
import { VaultTokenEntity } from './vault-token.entity';
import { VaultTokenRepository } from './vault-token.repository';

describe('VaultTokenRepository', () => {
  it('looks tokens up in statements under the bind-parameter limit and merges the answers', async () => {
    const hmacs = Array.from({ length: 70001 }, (_, index) => `hmac-${index}`);
    const find = jest.fn(async (options: { where: { valueHmac: { value: string[] } } }) =>
      options.where.valueHmac.value.filter((hmac) => hmac.endsWith('0000')).map((hmac) => ({ valueHmac: hmac, token: `tok-${hmac}` })),
    );
    const repository = new VaultTokenRepository({ find } as unknown as Repository<VaultTokenEntity>);
    const tokens = await repository.tokensByHmac('people', hmacs);
    const statementSizes = find.mock.calls.map(([options]) => options.where.valueHmac.value.length);
    expect(statementSizes).toEqual([10000, 10000, 10000, 10000, 10000, 10000, 10000, 1]);
    expect(Math.max(...statementSizes)).toBeLessThan(POSTGRES_MAX_BIND_PARAMETERS);
    expect([...tokens.keys()]).toEqual(['hmac-10000', 'hmac-20000', 'hmac-30000', 'hmac-40000', 'hmac-50000', 'hmac-60000', 'hmac-70000']);
    expect(tokens.get('hmac-70000')).toBe('tok-hmac-70000');
  });

  it('asks nothing for no HMACs', async () => {
    const find = jest.fn();
    const repository = new VaultTokenRepository({ find } as unknown as Repository<VaultTokenEntity>);
    expect(await repository.tokensByHmac('people', [])).toEqual(new Map());
    expect(find).not.toHaveBeenCalled();
  });
});
