import { PreparedStatement, queryPrepared } from './prepared-statement';

describe('PreparedStatement', () => {
  it('is named after its text: the same text, the same name; another text, another name', () => {
    const statement = new PreparedStatement('SELECT $1::int AS one');
    // The first 32 hex digits of the text's SHA-256.
    expect(statement.name).toBe('atlas_f3d8be405bf4fb0188b347f989df7bf3');
    expect(new PreparedStatement('SELECT $1::int AS one').name).toBe(statement.name);
    expect(new PreparedStatement('SELECT $1::int AS two').name).not.toBe(statement.name);
  });

  it('hands node-postgres a { name, text } config and the parameters, through the manager', async () => {
    const statement = new PreparedStatement('SELECT $1::int AS one');
    const query = jest.fn().mockResolvedValue([{ one: 1 }]);
    await expect(queryPrepared({ query }, statement, [1])).resolves.toEqual([{ one: 1 }]);
    expect(query).toHaveBeenCalledWith(statement, [1]);
    expect({ ...(query.mock.calls[0][0] as object) }).toEqual({ name: 'atlas_f3d8be405bf4fb0188b347f989df7bf3', text: 'SELECT $1::int AS one' });
  });
});
