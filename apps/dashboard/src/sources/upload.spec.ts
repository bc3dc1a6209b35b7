import { formatBytes, progressText, uploadName, uploadPath } from './upload';

describe('upload helpers', () => {
  it('makes a file name the connector accepts, keeping the extension', () => {
    expect([uploadName('orders.csv'), uploadName('Orders (May).csv'), uploadName('.hidden.jsonl'), uploadName('€€€'), uploadName(`${'a'.repeat(120)}.csv`)]).toEqual([
      'orders.csv',
      'Orders--May-.csv',
      'hidden.jsonl',
      'upload',
      `${'a'.repeat(96)}.csv`,
    ]);
  });

  it("builds the upload route of a source with the file's name", () => {
    expect(uploadPath('dash orders', 'a b.csv')).toBe('/api/v1/sources/dash%20orders/uploads?name=a-b.csv');
  });

  it('says how far an upload is, in bytes and percent', () => {
    expect([progressText({ sent: 0, total: 0 }), progressText({ sent: 512, total: 2048 }), progressText({ sent: 3 * 1024 * 1024, total: 3 * 1024 * 1024 })]).toEqual([
      { share: 0, label: '0 B of 0 B (0%)' },
      { share: 0.25, label: '512 B of 2.0 kB (25%)' },
      { share: 1, label: '3.0 MB of 3.0 MB (100%)' },
    ]);
    expect(formatBytes(5 * 1024 * 1024 * 1024)).toBe('5.00 GB');
  });
});
