import { found } from './pattern-detection.spec-helper';

describe('IP_ADDRESS', () => {
  it('finds IPv4 and IPv6 in sentences', () => {
    expect(found('The server 10.218.6.131 rejected the login', 'IP_ADDRESS')).toEqual(['10.218.6.131']);
    expect(found('from 192.168.0.1/24.', 'IP_ADDRESS')).toEqual(['192.168.0.1/24']);
    expect(found('client d80:e4b5:79da:6cf6:71f3:51f7:9161:c319 connected', 'IP_ADDRESS')).toEqual(['d80:e4b5:79da:6cf6:71f3:51f7:9161:c319']);
    expect(found('loopback ::1 and fe80::1ff:fe23:4567:890a here', 'IP_ADDRESS')).toEqual(['fe80::1ff:fe23:4567:890a']);
  });
  it('rejects invalid octets, times and version strings', () => {
    expect(found('bad 256.1.1.1 and 1.2.3 and 10.0.0.1.5', 'IP_ADDRESS')).toEqual([]);
    expect(found('at 18:43:36 today', 'IP_ADDRESS')).toEqual([]);
    expect(found('upgrade to version 1.2.3.4 now', 'IP_ADDRESS')).toEqual([]);
  });
});

describe('MAC_ADDRESS', () => {
  it('finds colon, dash and Cisco forms', () => {
    expect(found('device 00:1A:2B:3C:4D:5E joined', 'MAC_ADDRESS')).toEqual(['00:1A:2B:3C:4D:5E']);
    expect(found('nic 00-1a-2b-3c-4d-5e', 'MAC_ADDRESS')).toEqual(['00-1a-2b-3c-4d-5e']);
    expect(found('mac address 001a.2b3c.4d5e', 'MAC_ADDRESS')).toEqual(['001a.2b3c.4d5e']);
  });
  it('rejects mixed separators and broadcast/zero addresses', () => {
    expect(found('00:1A-2B:3C:4D:5E and FF:FF:FF:FF:FF:FF and 00:00:00:00:00:00', 'MAC_ADDRESS')).toEqual([]);
  });
});

describe('URL', () => {
  it('finds scheme, www and known-TLD domains', () => {
    expect(found('See https://example.com/path?q=1.', 'URL')).toEqual(['https://example.com/path?q=1']);
    expect(found('visit www.acme-corp.io today', 'URL')).toEqual(['www.acme-corp.io']);
    expect(found('our site shop.example.org has it', 'URL')).toEqual(['shop.example.org']);
  });
  it('drops a host only when a longer URL contains it, in one sweep', () => {
    expect(found('see https://www.example.com/docs and www.example.com', 'URL')).toEqual(['https://www.example.com/docs', 'www.example.com']);
    const text = 'a.co '.repeat(2000);
    expect(found(text, 'URL')).toHaveLength(2000);
  });
  it('never fires inside an e-mail, and ignores file names and numbers', () => {
    expect(found('mail harold.smith@gmail.com', 'URL')).toEqual([]);
    expect(found('open report.pdf or main.ts, version 1.5', 'URL')).toEqual([]);
  });
});
