import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toBoolean, toEpochMs, toInteger, toIp, toJson, toMac, toPort } from '../../lambda/ocsf/common/values.ts';

describe('Defender value quirks', () => {
  test('timestamps with 0 to 7 fractional digits, and without a zone, are UTC epoch milliseconds', () => {
    const expected = Date.UTC(2022, 10, 22, 6, 19, 37);
    assert.equal(toEpochMs('2022-11-22T06:19:37Z'), expected);
    assert.equal(toEpochMs('2022-11-22T06:19:37.2Z'), expected + 200);
    assert.equal(toEpochMs('2022-11-22T06:19:37.231Z'), expected + 231);
    assert.equal(toEpochMs('2022-11-22T06:19:37.295067Z'), expected + 295);
    assert.equal(toEpochMs('2022-11-22T06:19:37.0259186Z'), expected + 25);
    assert.equal(toEpochMs('2022-11-22T06:19:37.0000000'), expected);
    assert.equal(toEpochMs('2022-11-22T08:19:37+02:00'), expected);
    assert.equal(toEpochMs('yesterday'), undefined);
  });

  test('datetimes read digit by digit agree with Date.parse across years, leap days and fraction lengths', () => {
    let seed = 7;
    // Park and Miller's minimal standard generator (exact in doubles), scaled by its high bits.
    const next = (below: number) => Math.floor(((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647) * below);
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    const years = [1000, 1600, 1700, 1899, 1900, 1969, 1970, 1999, 2000, 2024, 2100, 2400, 9999];
    for (let i = 0; i < 4000; i++) {
      const year = i < years.length * 12 ? years[i % years.length]! : 1000 + next(9000);
      const month = 1 + (i % 12);
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
      const day = i % 5 === 0 ? days : 1 + next(days);
      const fraction = String(next(10_000_000)).padStart(7, '0').slice(0, i % 8);
      const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}${fraction ? `.${fraction}` : ''}`;
      const expected = Date.parse(`${text.slice(0, 23)}Z`.replace(/\.(\d{1,2})Z$/, (_, digits: string) => `.${digits.padEnd(3, '0')}Z`));
      assert.equal(toEpochMs(`${text}Z`), expected, text);
      assert.equal(toEpochMs(text), expected, text);
    }
    assert.equal(toEpochMs('2023-02-29T00:00:00Z'), Date.parse('2023-02-29T00:00:00Z') || undefined);
    assert.equal(toEpochMs('2022-11-22T06:19:3xZ'), undefined);
  });

  test('booleans as 0/1/"0"/"true"', () => {
    assert.deepEqual([true, 1, '1', 'true', 'True'].map(toBoolean), [true, true, true, true, true]);
    assert.deepEqual([false, 0, '0', 'false'].map(toBoolean), [false, false, false, false]);
    assert.equal(toBoolean(''), undefined);
  });

  test('IPs, IPv4-mapped IPv6, ports and MACs', () => {
    assert.equal(toIp('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(toIp('fe80::1'), 'fe80::1');
    assert.equal(toIp('10.1.2'), undefined);
    assert.equal(toPort('443'), 443);
    assert.equal(toPort(70000), undefined);
    assert.equal(toMac('00155D0A1B2C'), '00:15:5d:0a:1b:2c');
    assert.equal(toMac('00-15-5D-0A-1B-2C'), '00:15:5d:0a:1b:2c');
    assert.equal(toMac('xyz'), undefined);
  });

  test('integers beyond 2^53 stay out of number fields; JSON-in-string columns decode', () => {
    assert.equal(toInteger('123456789012345678'), undefined);
    assert.equal(toInteger('42'), 42);
    assert.deepEqual(toJson('{"IsLocalLogon":true}'), { IsLocalLogon: true });
    assert.deepEqual(toJson({ a: 1 }), { a: 1 });
    assert.equal(toJson('not json'), undefined);
  });
});
