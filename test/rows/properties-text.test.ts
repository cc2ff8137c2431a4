import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { rowUid } from '../../lambda/ocsf/common/uid.ts';
import { parseEnvelope } from '../../lambda/rows/envelope.ts';
import { propertiesTextOf } from '../../lambda/rows/properties-text.ts';

const PROPERTIES = '{"Timestamp":"2026-11-20T10:00:00Z","DeviceName":"wks-1","AdditionalFields":{"a":[1,{"b":"}"}]},"Note":"x}y"}';

function locate(line: string): string | Uint8Array | undefined {
  return propertiesTextOf(line, JSON.parse(line) as Record<string, unknown>);
}

describe('propertiesTextOf', () => {
  test('finds the exact text of properties wherever the envelope puts it', () => {
    const lines = [
      `{"time":"2026-11-20T10:00:01Z","tenantId":"t","category":"AdvancedHunting-DeviceInfo","properties":${PROPERTIES}}`,
      `{"time":"2026-11-20T10:00:01Z","category":"AdvancedHunting-DeviceInfo","properties":${PROPERTIES},"Tenant":"DefaultTenant"}`,
      `{"properties":${PROPERTIES},"tenantId":"t","category":"AdvancedHunting-DeviceInfo","n":5,"ok":true,"none":null}`,
      `{ "tenantId" : "t", "properties" :\t${PROPERTIES} , "7": 1 }`,
    ];
    for (const line of lines) assert.equal(locate(line), PROPERTIES, line);
  });

  test('locates the same characters as UTF-8 bytes of the line, non-ASCII text included', () => {
    const properties = '{"Company":"Microsoft® Windows®","City":"Zürich 東京","Emoji":"🙂"}';
    const line = `{"time":"2026-11-20T10:00:01Z","note":"é","properties":${properties},"Tenant":"Défault"}`;
    const bytes = propertiesTextOf(line, JSON.parse(line) as Record<string, unknown>, Buffer.from(line));
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(Buffer.from(bytes).toString('utf8'), properties);
  });

  test('gives up on envelopes it cannot read without a scan', () => {
    const lines = [
      `{"tenantId":{"properties":{"a":1}},"properties":${PROPERTIES}}`,
      `{"properties":${PROPERTIES},"Tenant":"Default}Tenant"}`,
      `{"properties":${PROPERTIES},"extra":[1]}`,
      `{"operationName":"properties","other":1}`,
      `{"properties":"not an object"}`,
    ];
    for (const line of lines) assert.equal(locate(line), undefined, line);
  });
});

describe('rowUid', () => {
  const line = (properties: string, time = '2026-11-20T10:00:01Z') =>
    `{"time":"${time}","tenantId":"t","category":"AdvancedHunting-DeviceInfo","properties":${properties},"Tenant":"DefaultTenant"}`;
  const uidOf = (text: string, withBytes = false) => {
    const parsed = parseEnvelope(text, 'deviceinfo', withBytes ? Buffer.from(text) : undefined);
    assert.ok(parsed.ok);
    return rowUid(parsed.row);
  };

  test('is the same for every copy of a row, whatever the envelope times', () => {
    assert.equal(uidOf(line(PROPERTIES)), uidOf(line(PROPERTIES, '2026-11-21T00:00:00Z')));
    assert.match(uidOf(line(PROPERTIES)), /^[0-9a-f]{32}$/);
    const unicode = line('{"Company":"Microsoft® Windows®","City":"Zürich 東京"}');
    assert.equal(uidOf(unicode, true), uidOf(unicode), 'hashing the bytes read gives the uid of the text');
  });

  test('differs when any column differs, and between tenants and tables', () => {
    const base = uidOf(line(PROPERTIES));
    assert.notEqual(uidOf(line(PROPERTIES.replace('wks-1', 'wks-2'))), base);
    const row = { table: 'DeviceInfo', tenantId: 't', properties: { DeviceName: 'wks-1' } };
    assert.notEqual(rowUid(row), rowUid({ ...row, tenantId: 'u' }));
    assert.notEqual(rowUid(row), rowUid({ ...row, table: 'DeviceEvents' }));
  });

  describe('on a Device*Events table, Microsoft\'s event identity: DeviceId, Timestamp, ReportId', () => {
    const event = { DeviceId: 'd1', Timestamp: '2026-11-20T10:00:00.1234567Z', ReportId: 4211, DeviceName: 'wks-1', ActionType: 'ProcessCreated' };
    const row = (properties: Record<string, unknown>, table = 'DeviceProcessEvents') => ({ table, tenantId: 't', properties });

    test('a copy with other columns changed, reordered or re-serialized is the same event', () => {
      const base = rowUid(row(event));
      assert.equal(rowUid(row({ ...event, DeviceName: 'wks-1.corp.example', AdditionalFields: '{"x":1}' })), base);
      const line = `{"time":"2026-11-21T00:00:00Z","tenantId":"t","category":"AdvancedHunting-DeviceProcessEvents","properties":${JSON.stringify({ ActionType: 'ProcessCreated', ReportId: 4211, Timestamp: event.Timestamp, DeviceId: 'd1' })}}`;
      const parsed = parseEnvelope(line, 'deviceprocessevents', Buffer.from(line));
      assert.ok(parsed.ok);
      assert.equal(rowUid(parsed.row), base);
    });

    test('differs when any of the three differs, and between tenants and tables', () => {
      const base = rowUid(row(event));
      for (const change of [{ DeviceId: 'd2' }, { Timestamp: '2026-11-20T10:00:00.1234568Z' }, { ReportId: 4212 }]) {
        assert.notEqual(rowUid(row({ ...event, ...change })), base, JSON.stringify(change));
      }
      assert.notEqual(rowUid({ ...row(event), tenantId: 'u' }), base);
      assert.notEqual(rowUid(row(event, 'DeviceNetworkEvents')), base);
    });

    test('a ReportId beyond 2^53, kept as its decimal digits, is an identity too', () => {
      const long = rowUid(row({ ...event, ReportId: '12345678901234567890' }));
      assert.notEqual(long, rowUid(row({ ...event, ReportId: '12345678901234567891' })));
      assert.equal(long, rowUid(row({ ...event, ReportId: '12345678901234567890', DeviceName: 'other' })));
    });

    test('without all three, or on another table, the content decides', () => {
      const { ReportId: _omitted, ...noReportId } = event;
      assert.notEqual(rowUid(row(noReportId)), rowUid(row({ ...noReportId, DeviceName: 'other' })));
      assert.notEqual(rowUid(row({ ...event, ReportId: '' })), rowUid(row({ ...event, ReportId: '', DeviceName: 'other' })));
      for (const snapshotTable of ['DeviceInfo', 'DeviceNetworkInfo', 'DeviceFileCertificateInfo', 'AlertEvidence']) {
        assert.notEqual(rowUid(row(event, snapshotTable)), rowUid(row({ ...event, DeviceName: 'other' }, snapshotTable)), snapshotTable);
      }
    });
  });

  test('a row built in code hashes the JSON of its columns, which matches a compact line of them', () => {
    const properties = JSON.parse(PROPERTIES) as Record<string, unknown>;
    assert.equal(rowUid({ table: 'DeviceInfo', tenantId: 't', properties }), uidOf(line(PROPERTIES)));
  });
});
