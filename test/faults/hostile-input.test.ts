import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { DeadLetterEntry, DeadLetterReason } from '../../lambda/dead-letter/dead-letter-entry.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import { runPass } from '../../lambda/pipeline.ts';
import { MAX_NESTING_DEPTH } from '../../lambda/rows/envelope.ts';
import { silentLog } from '../../lambda/telemetry/log.ts';
import { filesUnder } from '../support/local-run.ts';
import { runCli, RSS_CLI } from '../support/fault-cli.ts';
import { recordFigures } from './figures.ts';
import { simpleRows, type BlobRef } from './export-writer.ts';
import { filePassOptions, foldersFor, startFaultLab, FIRST_HOUR, TENANTS, type FaultLab } from './fault-lab.ts';
import { assertGuarantee, checkInvariant, recordKey, rowKey } from './invariant.ts';
import { collect, deadLettersInFolder, recordsInFolder } from './outputs.ts';
import { FULL } from './scale.ts';

const [TENANT_A, TENANT_B] = TENANTS;
const HOSTILE: BlobRef = { table: 'DeviceProcessEvents', tenantId: TENANT_A, hour: new Date(FIRST_HOUR.getTime() + 3 * 3_600_000) };
const OTHER_TENANT: BlobRef = { ...HOSTILE, tenantId: TENANT_B };
const HUGE: BlobRef = { table: 'DeviceFileEvents', tenantId: TENANT_A, hour: FIRST_HOUR };
const HUGE_LINE_BYTES = 50 * 1024 * 1024;
const RSS_LIMIT = 512 * 1024 * 1024;
const BIG_REPORT_ID = '123456789012345678901';

/** `levels` arrays nested in one another around a number. */
function nested(levels: number): string {
  return '['.repeat(levels) + '1' + ']'.repeat(levels);
}

describe('hostile and broken input', () => {
  let lab: FaultLab;
  const expectedReasons = new Map<string, DeadLetterReason>();
  const filtered = new Set<string>();
  let keys: Record<'proto' | 'bigInt' | 'atDepthLimit' | 'foreignTenant', string>;
  let options: PassOptions;
  const folders = { inProcess: '', cli: '' };
  let hugeEntry: DeadLetterEntry | undefined;

  before(async () => {
    // Small readable rows: the hostile lines are built around them.
    lab = await startFaultLab({ rows: simpleRows });
    const inProcess = foldersFor(lab, 'hostile');
    folders.inProcess = inProcess.out;
    options = filePassOptions(lab, inProcess, { tenants: [TENANT_A], tables: ['DeviceProcessEvents'] });
    const at = (minute: number) => new Date(HOSTILE.hour.getTime() + minute * 60_000);
    const good = (minute: number) => lab.writer.goodLine(HOSTILE, at(minute));
    const broken = (name: string, reason: DeadLetterReason, line: string | Buffer) => {
      expectedReasons.set(`hostile:${name}`, reason);
      return { key: `hostile:${name}`, line };
    };
    const base = good(0);
    const withProperties = (line: string, extra: string) => line.replace('"MachineGroup":"Test"', `"MachineGroup":"Test",${extra}`);
    const proto = good(10);
    const bigInt = good(11);
    const atLimit = good(12);
    const foreign = lab.writer.goodLine(HOSTILE, at(13), TENANT_B);
    keys = {
      proto: proto.key,
      bigInt: rowKey(HOSTILE.table, TENANT_A, BIG_REPORT_ID),
      atDepthLimit: atLimit.key,
      foreignTenant: foreign.key,
    };
    filtered.add(foreign.key);
    const lines = [
      base,
      broken('invalid-json', 'invalid_json', '{"time":"2026-11-20T09:01:00Z", oops'),
      broken('truncated', 'invalid_json', good(2).line.slice(0, 300)),
      broken('invalid-utf8', 'invalid_utf8', Buffer.concat([Buffer.from(good(3).line.slice(0, 200)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]), Buffer.from(good(3).line.slice(200))])),
      // The envelope and `properties` are two levels, so this is MAX_NESTING_DEPTH + 1 levels in all.
      broken('too-deep', 'too_deep', withProperties(good(4).line, `"Nested":${nested(MAX_NESTING_DEPTH - 1)}`)),
      broken('deep-100000', 'too_deep', withProperties(good(5).line, `"Nested":${nested(100_000)}`)),
      broken('wrong-category', 'category_mismatch', good(6).line.replace('"category":"AdvancedHunting-DeviceProcessEvents"', '"category":"AdvancedHunting-DeviceNetworkEvents"')),
      broken('not-an-object', 'invalid_envelope', '["AdvancedHunting-DeviceProcessEvents"]'),
      {
        key: proto.key,
        line: withProperties(proto.line, '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"AdditionalFields":"{\\"__proto__\\":{\\"polluted\\":\\"yes\\"},\\"constructor\\":{\\"prototype\\":{\\"polluted\\":\\"yes\\"}}}"'),
      },
      {
        key: keys.bigInt,
        line: withProperties(bigInt.line.replace(/"ReportId":\d+/, `"ReportId":${BIG_REPORT_ID}`), '"BigCounter":9007199254740993,"NegativeBig":-9223372036854775809,"BigInText":"12345678901234567890123"'),
      },
      { key: atLimit.key, line: withProperties(atLimit.line, `"Nested":${nested(MAX_NESTING_DEPTH - 2)}`) },
      foreign,
      good(20),
    ];
    await lab.writer.appendLines(HOSTILE, lines);
    // A blob of a tenant outside the allow-list: never read.
    for (const key of await lab.writer.appendRows(OTHER_TENANT, 5)) filtered.add(key);
  });
  after(async () => {
    await lab?.close();
  });

  test('broken rows are dead-lettered with a clear reason while the pass goes on; foreign tenants are filtered and counted', async () => {
    const summary = await runPass(options, { log: silentLog });
    assert.equal(summary.filtered, 1, 'the foreign row inside an allowed blob');
    assert.equal(summary.deadLettered, expectedReasons.size);
    assert.equal(summary.rowsRead, summary.recordsDelivered + summary.deadLettered + summary.filtered);
    const deadLetters = await deadLettersInFolder(foldersFor(lab, 'hostile').deadLetter);
    const byKey = new Map<string, DeadLetterEntry>();
    for (const entry of deadLetters) {
      const key = [...lab.writer.source].find(([, row]) => row.blob.endsWith(entry.blob.split('/').slice(1).join('/')) && row.offset === entry.offset)?.[0];
      if (key) byKey.set(key, entry);
    }
    for (const [key, reason] of expectedReasons) {
      const entry = byKey.get(key);
      assert.ok(entry, `${key} was dead-lettered`);
      assert.equal(entry.reason, reason, `${key}: ${entry.error}`);
      assert.ok(entry.error.length > 10, `${key} says why: ${entry.error}`);
    }
    assert.ok(byKey.get('hostile:invalid-utf8')?.rawBase64, 'invalid UTF-8 is kept byte for byte, in base64');
    const report = await checkInvariant({ source: lab.writer.source, filtered, delivered: recordsInFolder(folders.inProcess), deadLetters });
    assertGuarantee(report);
  });

  test('integers beyond 2^53 are kept exactly, as decimal strings', async () => {
    const record = (await collect(recordsInFolder(folders.inProcess))).find((r) => recordKey(r) === keys.bigInt) as Record<string, any> | undefined;
    assert.ok(record, 'the row with big integers was delivered');
    assert.equal(record.metadata.original_event_uid, BIG_REPORT_ID);
    assert.equal(record.unmapped?.BigCounter, '9007199254740993');
    assert.equal(record.unmapped?.NegativeBig, '-9223372036854775809');
    assert.equal(record.unmapped?.BigInText, '12345678901234567890123');
  });

  test('a row nested exactly to the limit is delivered whole', async () => {
    const record = (await collect(recordsInFolder(folders.inProcess))).find((r) => recordKey(r) === keys.atDepthLimit) as Record<string, any> | undefined;
    assert.ok(record);
    assert.equal(JSON.stringify(record.unmapped?.Nested), nested(MAX_NESTING_DEPTH - 2));
  });

  test('__proto__ and constructor keys pollute no prototype', () => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
  });

  test('__proto__ and constructor keys are kept as data', async () => {
    const file = (await filesUnder(folders.inProcess)).find((f) => f.endsWith('.ndjson'))!;
    const line = (await readFile(file, 'utf8')).split('\n').find((l) => l.includes(`"original_event_uid":"${keys.proto.split('|')[2]}"`));
    assert.ok(line, 'the row with __proto__ and constructor keys was delivered');
    const record = JSON.parse(line) as { unmapped?: Record<string, unknown> };
    assert.deepEqual(record.unmapped?.constructor, { prototype: { polluted: 'yes' } });
    assert.deepEqual(Object.getOwnPropertyDescriptor(record.unmapped ?? {}, '__proto__')?.value, { polluted: 'yes' }, `unmapped: ${JSON.stringify(record.unmapped)}`);
  });

  test('a 50 MB line: dead-lettered as oversized with its head, the rows after it delivered, the CLI stays well under 512 MB', async (t) => {
    const before = await lab.writer.appendRows(HUGE, 20);
    const head = lab.writer.goodLine(HUGE, new Date(HUGE.hour.getTime() + 30 * 60_000)).line.replace('"MachineGroup":"Test"', '"MachineGroup":"Test","Blob":"');
    const huge = Buffer.alloc(HUGE_LINE_BYTES, 0x61);
    huge.write(head, 0);
    huge.write('"}}', HUGE_LINE_BYTES - 3);
    await lab.writer.appendLines(HUGE, [{ key: 'hostile:50MB', line: huge }]);
    const afterIt = await lab.writer.appendRows(HUGE, 20);
    const cliFolders = foldersFor(lab, 'hostile-cli');
    const args = ['run', '--connection-string', lab.connectionString, '--state', pathToFileURL(cliFolders.state).href, '--sink', pathToFileURL(cliFolders.out).href, '--json', '--log-level', 'warn', '--tables', HUGE.table];
    const result = await runCli(args, {}, RSS_CLI);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.summary?.deadLettered, 1);
    assert.equal(result.summary?.recordsDelivered, before.length + afterIt.length);
    assert.ok(result.maxRssBytes !== undefined && result.maxRssBytes < RSS_LIMIT, `peak RSS ${result.maxRssBytes} bytes`);
    const deadLetters = await deadLettersInFolder(cliFolders.deadLetter);
    hugeEntry = deadLetters[0];
    assert.equal(hugeEntry?.reason, 'oversized');
    assert.equal(hugeEntry?.rawTruncated, true);
    assert.ok((hugeEntry?.raw ?? '').length <= 64 * 1024);
    assert.ok(Buffer.from(hugeEntry?.raw ?? '').subarray(0, 1000).equals(huge.subarray(0, 1000)), 'the entry keeps the head of the line');
    const report = await checkInvariant({
      source: new Map([...lab.writer.source].filter(([, row]) => row.blob.includes('devicefileevents'))),
      delivered: recordsInFolder(cliFolders.out),
      // The entry's length counts the CR of the CRLF (see the next test); matched here by blob and offset all the same.
      deadLetters: deadLetters.map((entry) => (entry.length === HUGE_LINE_BYTES + 1 ? { ...entry, length: HUGE_LINE_BYTES } : entry)),
    });
    assertGuarantee(report);
    // The same pass without the long line, for comparison (full run only: one more process start).
    const baseline = FULL
      ? await runCli(['run', '--connection-string', lab.connectionString, '--state', pathToFileURL(`${cliFolders.state}-baseline`).href, '--sink', pathToFileURL(`${cliFolders.out}-baseline`).href, '--json', '--log-level', 'warn', '--tables', HOSTILE.table], {}, RSS_CLI)
      : undefined;
    if (baseline) assert.equal(baseline.code, 0, baseline.stderr);
    recordFigures(t, {
      scenario: 'hostile input: invalid JSON, truncated, invalid UTF-8, too deep, wrong category, __proto__, big integers, foreign tenant, a 50 MB line',
      rows: lab.writer.source.size,
      passes: baseline ? 3 : 2,
      faults: {
        hostileLines: expectedReasons.size + 4,
        hugeLineBytes: HUGE_LINE_BYTES,
        peakRssMiBWithHugeLine: Math.round(result.maxRssBytes! / 1024 / 1024),
        ...(baseline?.maxRssBytes ? { peakRssMiBOfAPassWithoutIt: Math.round(baseline.maxRssBytes / 1024 / 1024) } : {}),
      },
      report,
    });
  });

  test('the dead letter of an oversized CRLF line gives the length of the line without its terminator', {
  }, () => {
    assert.equal(hugeEntry?.length, HUGE_LINE_BYTES);
  });
});
