import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_NESTING_DEPTH, parseEnvelope } from '../../lambda/rows/envelope.ts';
import { parseJsonKeepingBigIntegers } from '../../lambda/rows/json-with-big-integers.ts';

const ROW = {
  time: '2026-11-20T10:00:00.1234567Z', tenantId: 't', operationName: 'Publish', category: 'AdvancedHunting-DeviceInfo',
  _TimeReceivedBySvc: '2026-11-20T10:00:01.0000000', properties: { Timestamp: '2026-11-20T10:00:00Z' }, Tenant: 'DefaultTenant',
};

describe('parseJsonKeepingBigIntegers', () => {
  test('keeps integers beyond 2^53 exactly, as decimal strings, and leaves the rest alone', () => {
    const value = parseJsonKeepingBigIntegers('{"ReportId":123456789012345678,"small":9007199254740991,"neg":-98765432109876543210,"f":1.5e300,"s":"12345678901234567890"}') as Record<string, unknown>;
    assert.equal(value.ReportId, '123456789012345678');
    assert.equal(value.small, 9007199254740991);
    assert.equal(value.neg, '-98765432109876543210');
    assert.equal(value.f, 1.5e300);
    assert.equal(value.s, '12345678901234567890');
  });

  test('digits inside strings with escaped quotes are not touched', () => {
    const value = parseJsonKeepingBigIntegers('{"a":"x\\"12345678901234567890\\"","b":[12345678901234567890]}') as Record<string, unknown>;
    assert.equal(value.a, 'x"12345678901234567890"');
    assert.deepEqual(value.b, ['12345678901234567890']);
  });
});

describe('parseEnvelope', () => {
  test('takes the table from category, the envelope times and the properties object', () => {
    const result = parseEnvelope(JSON.stringify(ROW), 'deviceinfo');
    assert.ok(result.ok);
    assert.equal(result.row.table, 'DeviceInfo');
    assert.equal(result.row.tenantId, 't');
    assert.equal(result.row.receivedTime, '2026-11-20T10:00:01.0000000');
  });

  test('names what is wrong with a broken line', () => {
    const cases: [string, string][] = [
      ['{"time":', 'invalid_json'],
      ['[1,2]', 'invalid_envelope'],
      [JSON.stringify({ ...ROW, category: undefined }), 'invalid_envelope'],
      [JSON.stringify({ ...ROW, category: 'Audit-DeviceInfo' }), 'invalid_envelope'],
      [JSON.stringify({ ...ROW, properties: 'x' }), 'invalid_envelope'],
      [JSON.stringify(ROW), 'category_mismatch'],
    ];
    for (const [line, reason] of cases) {
      const result = parseEnvelope(line, line === JSON.stringify(ROW) ? 'devicefileevents' : 'deviceinfo');
      assert.equal(result.ok, false, line);
      if (!result.ok) {
        assert.equal(result.reason, reason, line);
        assert.ok(result.error.length > 10);
      }
    }
  });

  test('refuses nesting deeper than the limit', () => {
    const deep = '['.repeat(MAX_NESTING_DEPTH + 5) + ']'.repeat(MAX_NESTING_DEPTH + 5);
    const result = parseEnvelope(JSON.stringify({ ...ROW, properties: { x: 1 } }).replace('"x":1', `"x":${deep}`), 'deviceinfo');
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'too_deep');
  });

  test('__proto__ and constructor keys stay data and pollute nothing', () => {
    const line = JSON.stringify(ROW).replace('"Timestamp"', '"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"Timestamp"');
    const result = parseEnvelope(line, 'deviceinfo');
    assert.ok(result.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(result.row.properties, '__proto__')?.value, { polluted: true });
  });

  test('a category seen before still names its table and is still checked against each container', () => {
    const first = parseEnvelope(JSON.stringify(ROW), 'deviceinfo');
    const second = parseEnvelope(JSON.stringify({ ...ROW, time: 'later' }), 'deviceinfo');
    assert.ok(first.ok && second.ok);
    assert.equal(second.row.table, 'DeviceInfo');
    const elsewhere = parseEnvelope(JSON.stringify(ROW), 'devicefileevents');
    assert.equal(!elsewhere.ok && elsewhere.reason, 'category_mismatch');
    const anywhere = parseEnvelope(JSON.stringify(ROW), undefined);
    assert.equal(anywhere.ok && anywhere.row.table, 'DeviceInfo');
  });
});
