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
