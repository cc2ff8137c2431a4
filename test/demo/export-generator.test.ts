import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ACTION_TYPES } from '../../lambda/demo/action-types.ts';
import {
  apportionRows, blobNameOf, containerOf, createRowGenerator, generateExport, STREAMED_TABLES, TABLE_MIX, type GeneratedBlob,
} from '../../lambda/demo/export-generator.ts';
import { parseEnvelope } from '../../lambda/rows/envelope.ts';
import { parseJsonKeepingBigIntegers } from '../../lambda/rows/json-with-big-integers.ts';

interface TableSpec {
  container: string;
  columns: { name: string; type: string }[];
}
const TABLES: Record<string, TableSpec> = JSON.parse(readFileSync(new URL('../../lambda/demo/table-columns.json', import.meta.url), 'utf8'));
const TENANT = '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c';
const OTHER_TENANT = 'a9d4e2f1-5b3c-4d8e-9f7a-1c2b3d4e5f6a';
const START = new Date('2026-11-20T10:00:00Z');
const ENVELOPE_KEYS = ['time', 'tenantId', 'operationName', 'category', '_TimeReceivedBySvc', 'properties', 'Tenant'];
const TIME_7 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/;
/** Any shape real exports use: 0–7 fractional digits, with or without Z. */
const TIME_ANY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?Z?$/;
/** String columns whose value is a JSON document encoded as a string. */
const JSON_IN_STRING = ['LoggedOnUsers', 'IPAddresses', 'DnsAddresses', 'DefaultGateways', 'ConnectedNetworks', 'Categories', 'AttackTechniques', 'AuthenticationDetails', 'ConfidenceLevel', 'CrlDistributionPointUrls', 'UrlChain'];

function rowsOf(table: string, count: number, options: { seed?: number; quirks?: boolean } = {}): string[] {
  const rows = createRowGenerator(options.seed ?? 1);
  return Array.from({ length: count }, (_, i) => rows.row({ table, tenantId: TENANT, eventTime: new Date(START.getTime() + i * 9_000), quirks: options.quirks }));
}

function digest(blobs: Iterable<GeneratedBlob>): string {
  const hash = createHash('sha256');
  for (const blob of blobs) {
    hash.update(`${blob.container}/${blob.blobName}\n`);
    for (const line of blob.lines) hash.update(line + '\r\n');
  }
  return hash.digest('hex');
}

describe('export generator: determinism', () => {
  const options = { tenants: [TENANT, OTHER_TENANT], start: START, hours: 2, rowsPerHour: 300 };

  test('the same seed gives the same bytes, another seed other bytes', () => {
    const first = digest(generateExport({ seed: 7, ...options }));
    assert.equal(digest(generateExport({ seed: 7, ...options })), first);
    assert.notEqual(digest(generateExport({ seed: 8, ...options })), first);
  });

  test('a row generator repeats itself for a seed, row for row', () => {
    for (const table of STREAMED_TABLES) assert.deepEqual(rowsOf(table, 5, { seed: 3 }), rowsOf(table, 5, { seed: 3 }), table);
    assert.notDeepEqual(rowsOf('DeviceProcessEvents', 5, { seed: 3 }), rowsOf('DeviceProcessEvents', 5, { seed: 4 }));
  });
});

describe('export generator: rows', () => {
  test('every table: valid JSON, the exact envelope, every column of the table', () => {
    for (const table of STREAMED_TABLES) {
      const spec = TABLES[table]!;
      for (const line of rowsOf(table, 80)) {
        assert.ok(!line.includes('\n') && !line.includes('\r'), 'one line');
        const envelope = JSON.parse(line) as Record<string, unknown>; // plain JSON.parse must accept it (big ReportIds lose digits only)
        assert.deepEqual(Object.keys(envelope), ENVELOPE_KEYS, table);
        assert.equal(envelope.operationName, 'Publish');
        assert.equal(envelope.Tenant, 'DefaultTenant');
        assert.equal(envelope.tenantId, TENANT);
        assert.equal(envelope.category, `AdvancedHunting-${table}`);
        assert.match(String(envelope.time), TIME_7);
        assert.match(String(envelope._TimeReceivedBySvc), TIME_ANY);

        const parsed = parseEnvelope(line, table.toLowerCase());
        assert.ok(parsed.ok, `${table}: ${!parsed.ok && parsed.error}`);
        const properties = parsed.row.properties;
        const missing = spec.columns.filter((c) => !(c.name in properties)).map((c) => c.name);
        assert.deepEqual(missing, [], `${table} lacks columns`);
        const extra = Object.keys(properties).filter((k) => !spec.columns.some((c) => c.name === k));
        const allowedExtra = table.startsWith('Device') ? ['MachineGroup'] : table === 'IdentityQueryEvents' ? ['IsAdminOperation'] : [];
        assert.deepEqual(extra.filter((k) => !allowedExtra.includes(k)), [], `${table} has undocumented keys`);
        if (table.startsWith('Device')) assert.equal(typeof properties.MachineGroup, 'string', `${table} rows carry MachineGroup`);
        for (const column of spec.columns) {
          const value = properties[column.name];
          if (column.type === 'datetime' && value !== null && value !== '') assert.match(String(value), TIME_ANY, `${table}.${column.name}`);
        }
      }
    }
  });

  test('the envelope time comes seconds to minutes after the event', () => {
    const lags: number[] = [];
    for (const table of ['DeviceProcessEvents', 'EmailEvents', 'IdentityLogonEvents']) {
      for (const line of rowsOf(table, 200, { quirks: false })) {
        const row = JSON.parse(line) as { time: string; properties: { Timestamp: string } };
        lags.push(Date.parse(row.time) - Date.parse(row.properties.Timestamp));
      }
    }
    assert.ok(lags.every((lag) => lag > 0 && lag < 60 * 60_000), 'after the event, within the hour');
    assert.ok(lags.some((lag) => lag < 60_000) && lags.some((lag) => lag > 5 * 60_000), 'mostly seconds, some minutes');
  });

  test('ReportId: a JSON number on Device* rows (DeviceInfo beyond 2^53 at times, as literal digits), a string elsewhere', () => {
    for (const table of STREAMED_TABLES) {
      const type = TABLES[table]!.columns.find((c) => c.name === 'ReportId')?.type;
      if (!type) continue;
      for (const line of rowsOf(table, 40)) {
        const literal = /"ReportId":(-?\d+|"[^"]*")[,}]/.exec(line);
        assert.ok(literal, `${table}: ReportId is written`);
        if (type === 'long') assert.match(literal[1]!, /^\d+$/, `${table}: a bare number`);
        else assert.match(literal[1]!, /^"[^"]+"$/, `${table}: a non-empty string`);
      }
    }
    const big = rowsOf('DeviceInfo', 200).map((line) => /"ReportId":(\d+)[,}]/.exec(line)![1]!).filter((digits) => BigInt(digits) > 2n ** 53n);
    assert.ok(big.length > 20, 'DeviceInfo often has ReportIds beyond 2^53');
    for (const digits of big.slice(0, 10)) {
      const line = rowsOf('DeviceInfo', 200).find((l) => l.includes(`"ReportId":${digits}`))!;
      const exact = parseJsonKeepingBigIntegers(line) as { properties: { ReportId: unknown } };
      assert.equal(exact.properties.ReportId, digits, 'a big-integer-aware parser gets every digit back');
    }
  });

  test('realistic values: ids, hashes, MAC addresses, JSON-in-string columns, dynamic columns, UTF-8', () => {
    const sample = (table: string) => rowsOf(table, 150).map((line) => (JSON.parse(line) as { properties: Record<string, unknown> }).properties);
    for (const p of sample('DeviceProcessEvents')) {
      assert.match(String(p.DeviceId), /^[0-9a-f]{40}$/);
      assert.match(String(p.SHA1), /^[0-9a-f]{40}$/);
      assert.match(String(p.MD5), /^[0-9a-f]{32}$/);
      if (p.SHA256 !== null) assert.match(String(p.SHA256), /^[0-9a-f]{64}$/);
      assert.match(String(p.DeviceName), /^[a-z0-9-]+\.[a-z0-9.-]+$/, 'an FQDN');
      assert.match(String(p.FolderPath), /^[A-Za-z]:\\/);
      assert.match(String(p.AccountSid), /^S-1-5-\d+(-\d+)*$/);
      assert.ok(typeof p.ProcessCommandLine === 'string' && p.ProcessCommandLine.length > 3);
    }
    for (const p of sample('DeviceNetworkInfo')) assert.match(String(p.MacAddress), /^[0-9A-Fa-f]{12}$/);
    const network = sample('DeviceNetworkEvents');
    const remote = network.map((p) => String(p.RemoteIP));
    assert.ok(remote.some((ip) => /^10\./.test(ip)) && remote.some((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip) && !/^10\./.test(ip)), 'private and public IPv4');
    assert.ok(remote.some((ip) => ip.includes(':') && !ip.startsWith('::ffff:')), 'some IPv6');
    assert.ok(remote.some((ip) => ip.startsWith('::ffff:')), 'some IPv4-mapped IPv6');
    assert.ok(network.every((p) => p.RemotePort === null || (Number.isInteger(p.RemotePort) && (p.RemotePort as number) > 0 && (p.RemotePort as number) < 65536)));
    for (const p of network) {
      if (typeof p.AdditionalFields === 'string' && p.AdditionalFields !== '') assert.equal(typeof JSON.parse(p.AdditionalFields), 'object');
    }

    for (const table of STREAMED_TABLES) {
      const spec = TABLES[table]!;
      const rows = sample(table);
      for (const column of spec.columns.filter((c) => JSON_IN_STRING.includes(c.name))) {
        for (const p of rows) {
          const value = p[column.name];
          if (value === null || value === '') continue;
          assert.equal(typeof value, 'string', `${table}.${column.name} is a JSON-encoded string`);
          assert.doesNotThrow(() => JSON.parse(value as string), `${table}.${column.name} holds JSON`);
        }
      }
      for (const column of spec.columns.filter((c) => c.type === 'dynamic')) {
        const shapes = new Set(rows.map((p) => (p[column.name] === null ? 'null' : typeof p[column.name])));
        assert.ok(shapes.has('object'), `${table}.${column.name} is mostly a nested object`);
        assert.ok(shapes.has('string'), `${table}.${column.name} sometimes arrives as a string`);
      }
    }
    const all = STREAMED_TABLES.flatMap((t) => rowsOf(t, 30)).join('\n');
    assert.match(all, /®/);
    assert.match(all, /[éüöñø]/);
  });

  test('ActionType: realistic per-table values, with a small share the mapping does not list', () => {
    for (const [table, types] of Object.entries(ACTION_TYPES)) {
      if (!TABLES[table]?.columns.some((c) => c.name === 'ActionType')) continue;
      const seen = rowsOf(table, 1500).map((line) => (JSON.parse(line) as { properties: { ActionType: string } }).properties.ActionType);
      const unlisted = seen.filter((a) => !types.listed.values.includes(a));
      assert.ok(unlisted.every((a) => types.unlisted.includes(a)), `${table}: only known values`);
      if (types.unlisted.length > 0) assert.ok(unlisted.length > 0 && unlisted.length < seen.length * 0.05, `${table}: ${unlisted.length} unlisted of ${seen.length}`);
      if (types.listed.values.length > 1) assert.ok(new Set(seen).size > 1, `${table}: more than one value`);
    }
  });

  test('device rows are 1–3 KB like real ones', () => {
    for (const table of ['DeviceProcessEvents', 'DeviceNetworkEvents', 'DeviceFileEvents', 'DeviceLogonEvents', 'DeviceRegistryEvents', 'DeviceEvents']) {
      const sizes = rowsOf(table, 300).map((l) => Buffer.byteLength(l)).sort((a, b) => a - b);
      const median = sizes[sizes.length >> 1]!;
      assert.ok(median >= 1000 && median <= 3600, `${table}: median ${median} bytes`);
    }
  });

  test('quirks appear with quirks on and never with quirks off', () => {
    const tables = STREAMED_TABLES;
    const found = (quirks: boolean) => {
      const kinds = new Set<string>();
      for (const table of tables) {
        const spec = TABLES[table]!;
        for (const line of rowsOf(table, 250, { quirks, seed: 5 })) {
          const row = parseJsonKeepingBigIntegers(line) as { _TimeReceivedBySvc: string; properties: Record<string, unknown> };
          if (!row._TimeReceivedBySvc.endsWith('Z')) kinds.add('received time without zone');
          if (typeof row.properties.ReportId === 'string' && spec.columns.find((c) => c.name === 'ReportId')?.type === 'long') kinds.add('ReportId beyond 2^53');
          if ('IsAdminOperation' in row.properties && !spec.columns.some((c) => c.name === 'IsAdminOperation')) kinds.add('undocumented key');
          for (const column of spec.columns) {
            const value = row.properties[column.name];
            if (value === null || value === undefined) continue;
            if (column.type === 'datetime' && value !== '' && !TIME_7.test(String(value))) kinds.add(String(value).endsWith('Z') ? 'short timestamp' : 'timestamp without zone');
            if (column.type === 'bool' && typeof value !== 'boolean') kinds.add('boolean as number or text');
            if (column.type === 'dynamic' && typeof value === 'string') kinds.add('dynamic as string');
            if ((column.type === 'int' || column.type === 'long') && typeof value === 'string' && column.name !== 'ReportId') kinds.add('number as text');
            if (typeof value === 'string' && value.startsWith('::ffff:')) kinds.add('IPv4-mapped address');
            if (typeof value === 'string' && value.includes('Â')) kinds.add('mojibake');
          }
        }
      }
      return kinds;
    };
    const on = found(true);
    for (const kind of ['received time without zone', 'ReportId beyond 2^53', 'undocumented key', 'short timestamp', 'timestamp without zone', 'boolean as number or text', 'dynamic as string', 'number as text', 'IPv4-mapped address', 'mojibake']) {
      assert.ok(on.has(kind), `with quirks: ${kind}`);
    }
    assert.deepEqual([...found(false)], [], 'without quirks: none');
  });

  test('an unknown table is refused with a message that names it', () => {
    assert.throws(() => createRowGenerator(1).row({ table: 'DeviceTvmSoftwareInventory', tenantId: TENANT, eventTime: START }), /DeviceTvmSoftwareInventory/);
  });
});

describe('export generator: blobs', () => {
  test('container, category and blob name agree, hour by hour and tenant by tenant', () => {
    const blobs = [...generateExport({ seed: 2, tenants: [TENANT, OTHER_TENANT], start: new Date('2026-12-31T22:41:13Z'), hours: 3, rowsPerHour: 200 })];
    const hours = new Set<string>();
    for (const blob of blobs) {
      assert.equal(blob.container, containerOf(blob.table));
      assert.equal(blob.container, TABLES[blob.table]!.container, 'the container the reference names');
      assert.equal(blob.blobName, blobNameOf(blob.tenantId, blob.hour));
      const iso = blob.hour.toISOString();
      assert.equal(blob.blobName, `tenantId=${blob.tenantId}/y=${iso.slice(0, 4)}/m=${iso.slice(5, 7)}/d=${iso.slice(8, 10)}/h=${iso.slice(11, 13)}/m=00/PT1H.json`);
      assert.equal(blob.hour.getTime() % 3_600_000, 0);
      hours.add(iso);
      let previous = 0;
      for (const line of blob.lines) {
        const row = JSON.parse(line) as { tenantId: string; category: string; properties: { Timestamp: string } };
        assert.equal(row.category, `AdvancedHunting-${blob.table}`);
        assert.equal(row.tenantId, blob.tenantId);
        const at = Date.parse(row.properties.Timestamp.endsWith('Z') ? row.properties.Timestamp : row.properties.Timestamp + 'Z');
        assert.ok(at >= blob.hour.getTime() && at < blob.hour.getTime() + 3_600_000, 'events of the blob hour');
        assert.ok(at >= previous - 1, 'in event-time order');
        previous = at;
      }
    }
    assert.deepEqual([...hours].sort(), ['2026-12-31T22:00:00.000Z', '2026-12-31T23:00:00.000Z', '2027-01-01T00:00:00.000Z']);
    assert.equal(blobNameOf(TENANT, new Date('2027-01-01T00:00:00Z')), `tenantId=${TENANT}/y=2027/m=01/d=01/h=00/m=00/PT1H.json`);
    assert.equal(containerOf('DeviceProcessEvents'), 'insights-logs-advancedhunting-deviceprocessevents');
  });

  test('rows follow TABLE_MIX per tenant and hour, or spread evenly over given tables', () => {
    const rowsPerHour = 20_000;
    const blobs = [...generateExport({ seed: 4, tenants: [TENANT], start: START, hours: 1, rowsPerHour })];
    const counts = new Map(blobs.map((b) => [b.table, b.lines.length]));
    assert.equal([...counts.values()].reduce((a, b) => a + b, 0), rowsPerHour);
    const weightTotal = STREAMED_TABLES.reduce((sum, t) => sum + TABLE_MIX[t]!, 0);
    for (const table of STREAMED_TABLES) {
      const expected = TABLE_MIX[table]! / weightTotal;
      const share = (counts.get(table) ?? 0) / rowsPerHour;
      assert.ok(Math.abs(share - expected) < 0.005 + expected * 0.05, `${table}: ${share.toFixed(4)} vs ${expected.toFixed(4)}`);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t);
    assert.deepEqual(ranked.slice(0, 2).sort(), ['DeviceNetworkEvents', 'DeviceProcessEvents']);

    const chosen = ['EmailEvents', 'DeviceLogonEvents', 'UrlClickEvents'];
    const even = [...generateExport({ seed: 4, tenants: [TENANT, OTHER_TENANT], tables: chosen, start: START, hours: 2, rowsPerHour: 301 })];
    assert.equal(even.length, chosen.length * 2 * 2);
    for (const blob of even) assert.ok(blob.lines.length === 100 || blob.lines.length === 101, `${blob.table}: ${blob.lines.length}`);
  });

  test('small exports still show every table; the apportionment adds up exactly', () => {
    const blobs = [...generateExport({ seed: 1, tenants: [TENANT], start: START, hours: 1, rowsPerHour: 400 })];
    assert.deepEqual(blobs.map((b) => b.table).sort(), [...STREAMED_TABLES].sort());
    const split = apportionRows(17, [['a', 1], ['b', 2], ['c', 0.5]]);
    assert.equal([...split.values()].reduce((a, b) => a + b, 0), 17);
    assert.ok(split.get('b')! > split.get('a')! && split.get('a')! > split.get('c')!);
  });

  test('an export without quirks has only 7-digit UTC timestamps and real booleans', () => {
    for (const blob of generateExport({ seed: 6, tenants: [TENANT], start: START, hours: 1, rowsPerHour: 600, quirks: false })) {
      const spec = TABLES[blob.table]!;
      for (const line of blob.lines) {
        const row = JSON.parse(line) as { _TimeReceivedBySvc: string; properties: Record<string, unknown> };
        assert.match(row._TimeReceivedBySvc, TIME_7);
        for (const column of spec.columns) {
          const value = row.properties[column.name];
          if (column.type === 'datetime' && value !== null) assert.match(String(value), TIME_7, `${blob.table}.${column.name}`);
          if (column.type === 'bool' && value !== null) assert.equal(typeof value, 'boolean', `${blob.table}.${column.name}`);
        }
      }
    }
  });

  test('bad options are refused', () => {
    assert.throws(() => [...generateExport({ seed: 1, tenants: [TENANT], start: START, hours: 1.5, rowsPerHour: 10 })], /hours/);
    assert.throws(() => [...generateExport({ seed: 1, tenants: [TENANT], tables: ['NoSuchTable'], start: START, hours: 1, rowsPerHour: 10 })], /NoSuchTable/);
  });

  test('throughput (logged, not asserted)', (t) => {
    const began = performance.now();
    let bytes = 0;
    let rows = 0;
    for (const blob of generateExport({ seed: 9, tenants: [TENANT, OTHER_TENANT], start: START, hours: 1, rowsPerHour: 20_000 })) {
      for (const line of blob.lines) bytes += Buffer.byteLength(line) + 2;
      rows += blob.lines.length;
    }
    const seconds = (performance.now() - began) / 1000;
    t.diagnostic(`generated ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s: ${(bytes / 1e6 / seconds).toFixed(1)} MB/s, ${Math.round(bytes / rows)} bytes/row`);
    assert.equal(rows, 40_000);
  });
});
