import { compileContract } from './contract-compilation';
import { dryRun } from './contract-dry-run';

describe('dry-run of a SodaCL contract', () => {
  it('judges each record and evaluates the aggregate checks over the sample as one window', async () => {
    const contract = compileContract({
      format: 'sodacl',
      id: 'payments-soda',
      version: '1.0.0',
      sodacl: 'checks for payments:\n  - invalid_count(currency) = 0:\n      valid values: [EUR]\n  - row_count > 2\n  - avg(amount):\n      warn: when > 10\n  - missing_percent(note) < 50%\n',
    });
    const view = await dryRun(contract, { records: [{ currency: 'EUR', amount: 5, note: 'a' }, { currency: 'GBP', amount: 25 }] });
    expect(view.summary).toEqual({ records: 2, valid: 1, quarantined: 1, warned: 0 });
    expect(view.records[1].failed.map((result) => [result.checkId, result.measuredValue])).toEqual([['payments.currency.invalid_count', 'GBP']]);
    expect(view.windows).toEqual([
      { checkId: 'payments.row_count', metric: 'row_count', outcome: 'fail', measuredValue: 2, rows: 2 },
      { checkId: 'payments.amount.avg', metric: 'avg', outcome: 'warn', measuredValue: 15, rows: 2 },
      { checkId: 'payments.note.missing_percent', metric: 'missing_percent', outcome: 'fail', measuredValue: 50, rows: 2 },
    ]);
  });
});
