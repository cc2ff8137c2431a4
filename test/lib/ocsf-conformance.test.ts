import { AssertionError } from 'node:assert';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadOcsfSchema } from '../../lib/ocsf-schema/schema.ts';
import { assertOcsf, checkOcsf, ocsfWarnings } from '../support/ocsf-conformance.ts';

type Json = Record<string, any>;

const TIME = 1_732_000_000_123;
const SHA256 = 'a'.repeat(64);

function metadata(extra: Json = {}): Json {
  return {
    version: '1.8.0',
    uid: 'evt-1',
    log_name: 'DeviceProcessEvents',
    product: { name: 'Microsoft Defender XDR', vendor_name: 'Microsoft' },
    ...extra,
  };
}

function classification(classUid: number, categoryUid: number, activityId: number): Json {
  return { class_uid: classUid, category_uid: categoryUid, activity_id: activityId, type_uid: classUid * 100 + activityId };
}

function processActivity(): Json {
  return {
    ...classification(1007, 1, 1),
    class_name: 'Process Activity',
    category_name: 'System Activity',
    activity_name: 'Launch',
    type_name: 'Process Activity: Launch',
    severity_id: 1,
    severity: 'Informational',
    time: TIME,
    metadata: metadata(),
    actor: {
      process: { pid: 4, name: 'explorer.exe' },
      user: { name: 'alice', uid: 'S-1-5-21-1-2-3-1001', email_addr: 'alice@contoso.com' },
    },
    device: {
      type_id: 2,
      hostname: 'pc-01.contoso.com',
      ip: '10.0.0.5',
      mac: '00-15-5D-01-02-03',
      subnet: '10.0.0.0/24',
      os_machine_uuid: '123e4567-e89b-12d3-a456-426614174000',
      os: { name: 'Windows 11', type_id: 100 },
      location: { country: 'US', lat: 47.61, long: -122.33 },
    },
    process: {
      pid: 1234,
      cmd_line: 'notepad.exe C:\\temp\\a.txt',
      created_time: TIME - 1000,
      file: {
        name: 'notepad.exe',
        type_id: 1,
        path: 'C:\\Windows\\notepad.exe',
        hashes: [{ algorithm_id: 3, value: SHA256 }],
      },
      xattributes: { vendor_specific: { nested: [1, 'two'] } },
    },
    observables: [
      { name: 'device.hostname', type_id: 1, value: 'pc-01.contoso.com' },
      { name: 'process.file.hashes', type_id: 8, value: SHA256 },
    ],
    unmapped: { InitiatingProcessAccountSid: 'S-1-5-18', AdditionalFields: { a: 1, b: [true, null] } },
  };
}

function baseEvent(): Json {
  return {
    ...classification(0, 0, 99),
    activity_name: 'SomeVendorAction',
    severity_id: 0,
    time: TIME,
    metadata: metadata({ log_name: 'SomeUnmappedTable', logged_time: TIME + 5 }),
    message: 'row of a table without a dedicated mapping',
    unmapped: { Timestamp: '2024-11-19T07:06:40.123Z', ReportId: 42, Nested: { list: ['a', 1, false] } },
  };
}

function registryKeyActivity(): Json {
  return {
    ...classification(201001, 1, 1),
    severity_id: 1,
    time: TIME,
    metadata: metadata({ extensions: [{ name: 'win', uid: '2', version: '1.8.0' }] }),
    actor: { process: { pid: 4 } },
    device: { type_id: 0, name: 'pc-01' },
    reg_key: { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso' },
  };
}

/** The record with `change` applied to a fresh copy. */
function mutated(build: () => Json, change: (record: Json) => void): Json {
  const record = build();
  change(record);
  return record;
}

/** Asserts the checker reports a problem for `path` whose text contains `fragment`. */
function assertProblem(record: unknown, path: string, fragment: string): void {
  const problems = checkOcsf(record);
  const match = problems.find((problem) => problem.startsWith(`${path}: `) && problem.includes(fragment));
  assert.ok(match, `expected a problem "${path}: …${fragment}…", got:\n  ${problems.join('\n  ') || '(none)'}`);
}

describe('OCSF schema loader', () => {
  test('exposes the 1.8.0 snapshot keyed by name and uid', () => {
    const schema = loadOcsfSchema();
    assert.equal(schema.version, '1.8.0');
    assert.equal(schema.classes.get('event_log_actvity')?.classUid, 1008);
    assert.equal(schema.classesByUid.get(201001)?.extension, 'win');
    const processAttribute = schema.classes.get('process_activity')?.attributes.get('process');
    assert.equal(processAttribute?.objectType, 'process');
    assert.equal(processAttribute?.requirement, 'required');
    assert.deepEqual(schema.types.get('port_t')?.range, [0, 65535]);
    assert.equal(schema.objects.get('object')?.openEnded, true);
    assert.strictEqual(loadOcsfSchema(), schema, 'loaded once and cached');
  });
});

describe('checkOcsf accepts valid records', () => {
  test('a process_activity record', () => {
    assert.deepEqual(checkOcsf(processActivity()), []);
    assert.deepEqual(ocsfWarnings(processActivity()), []);
    assert.doesNotThrow(() => assertOcsf(processActivity()));
  });

  test('a base_event record with unmapped data', () => {
    assert.deepEqual(checkOcsf(baseEvent()), []);
    assert.deepEqual(ocsfWarnings(baseEvent()), []);
    const withNames = { ...baseEvent(), class_name: 'Base Event', category_name: 'Uncategorized', type_name: 'Base Event: SomeVendorAction' };
    assert.deepEqual(checkOcsf(withNames), []);
    assert.deepEqual(ocsfWarnings(withNames), []);
  });

  test('a registry_key_activity record of the win extension that lists the extension', () => {
    assert.deepEqual(checkOcsf(registryKeyActivity()), []);
  });

  test('activity_id 99 with the raw action type as activity_name', () => {
    const record = mutated(processActivity, (r) => {
      Object.assign(r, classification(1007, 1, 99), { activity_name: 'CreateRemoteThreadApiCall', type_name: 'Process Activity: Other' });
    });
    assert.deepEqual(checkOcsf(record), []);
    assert.deepEqual(ocsfWarnings(record), []);
  });

  test('profile attributes once metadata.profiles lists their profile', () => {
    const record = mutated(processActivity, (r) => {
      r.metadata.profiles = ['datetime', 'cloud', 'host'];
      r.time_dt = '2024-11-19T07:06:40.123Z';
      r.process.created_time_dt = '2024-11-19T07:06:39.123+01:00';
      r.cloud = { provider: 'Azure' };
    });
    assert.deepEqual(checkOcsf(record), []);
  });
});

describe('checkOcsf rejects', () => {
  test('a record that is not a JSON object', () => {
    for (const value of [null, [], 'event', 42]) assertProblem(value, '(record)', 'expected a JSON object');
  });

  test('a missing, mistyped or unknown class_uid', () => {
    assertProblem(mutated(processActivity, (r) => delete r.class_uid), 'class_uid', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => (r.class_uid = '1007')), 'class_uid', 'expected an integer');
    assertProblem(mutated(processActivity, (r) => (r.class_uid = 9999)), 'class_uid', 'no OCSF 1.8.0 class has uid 9999');
  });

  test('a category_uid that is not the class category', () => {
    assertProblem(mutated(processActivity, (r) => (r.category_uid = 4)), 'category_uid', 'category is 1');
  });

  test('an activity_id outside the class activity enum', () => {
    const record = mutated(processActivity, (r) => Object.assign(r, classification(1007, 1, 42)));
    assertProblem(record, 'activity_id', 'not a value of the activity_id enum');
  });

  test('a type_uid that is not class_uid * 100 + activity_id', () => {
    assertProblem(mutated(processActivity, (r) => (r.type_uid = 100702)), 'type_uid', 'should be 100701');
  });

  test('classification names that are not strings, but only warns on captions that differ', () => {
    assertProblem(mutated(processActivity, (r) => (r.class_name = 1007)), 'class_name', 'expected string_t');
    assertProblem(mutated(processActivity, (r) => (r.type_name = ['x'])), 'type_name', 'got an array');
    const renamed = mutated(processActivity, (r) => (r.activity_name = 'Started'));
    assert.deepEqual(checkOcsf(renamed), []);
    assert.ok(ocsfWarnings(renamed).some((w) => w.startsWith('activity_name: ') && w.includes('"Launch"')));
    const otherCaption = mutated(processActivity, (r) => Object.assign(r, classification(1007, 1, 99), { activity_name: 'Other' }));
    assert.ok(ocsfWarnings(otherCaption).some((w) => w.startsWith('activity_name: ')));
  });

  test('a metadata.version other than the snapshot version', () => {
    assertProblem(mutated(processActivity, (r) => (r.metadata.version = '1.7.0')), 'metadata.version', 'expected "1.8.0"');
  });

  test('missing required attributes, at any depth', () => {
    assertProblem(mutated(processActivity, (r) => delete r.time), 'time', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => (r.severity_id = null)), 'severity_id', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => delete r.metadata.product), 'metadata.product', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => delete r.process.file.type_id), 'process.file.type_id', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => delete r.observables[1].type_id), 'observables[1].type_id', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => delete r.process.file.hashes[0].value), 'process.file.hashes[0].value', 'required attribute missing');
  });

  test('profile attributes without their profile, and profiles that are unknown or not accepted', () => {
    assertProblem(mutated(processActivity, (r) => (r.cloud = { provider: 'Azure' })), 'cloud', 'profile "cloud"');
    assertProblem(mutated(processActivity, (r) => (r.time_dt = '2024-11-19T07:06:40Z')), 'time_dt', 'profile "datetime"');
    assertProblem(
      mutated(processActivity, (r) => (r.process.created_time_dt = '2024-11-19T07:06:40Z')),
      'process.created_time_dt',
      'profile "datetime"',
    );
    assertProblem(mutated(processActivity, (r) => (r.metadata.profiles = ['cloud'])), 'cloud', 'required attribute missing');
    assertProblem(mutated(processActivity, (r) => (r.metadata.profiles = ['nonsense'])), 'metadata.profiles[0]', 'unknown profile');
    assertProblem(mutated(processActivity, (r) => (r.metadata.profiles = ['host', 'incident'])), 'metadata.profiles[1]', 'does not accept');
  });

  test('unknown attributes outside open-ended objects', () => {
    assertProblem(mutated(processActivity, (r) => (r.DeviceName = 'pc-01')), 'DeviceName', 'unknown attribute');
    assertProblem(mutated(processActivity, (r) => (r.process.file.owner_sid = 'S-1-5-18')), 'process.file.owner_sid', 'not defined in object file');
    assertProblem(mutated(processActivity, (r) => (r.observables[0].extra = true)), 'observables[0].extra', 'unknown attribute');
    assertProblem(mutated(baseEvent, (r) => (r.process = { pid: 1 })), 'process', 'not defined in class base_event');
  });

  test('timestamps that are not integer epoch milliseconds', () => {
    assertProblem(mutated(processActivity, (r) => (r.time = 1_732_000_000)), 'time', 'looks like seconds');
    assertProblem(mutated(processActivity, (r) => (r.time = TIME + 0.5)), 'time', 'expected timestamp_t');
    assertProblem(mutated(processActivity, (r) => (r.time = TIME * 1000)), 'time', 'micro');
    assertProblem(mutated(processActivity, (r) => (r.time = '2024-11-19T07:06:40Z')), 'time', 'expected timestamp_t');
    assertProblem(mutated(processActivity, (r) => (r.process.created_time = 1_732_000_000)), 'process.created_time', 'looks like seconds');
  });

  test('integers that are strings, fractional, BigInt or out of range', () => {
    assertProblem(mutated(processActivity, (r) => (r.process.pid = '1234')), 'process.pid', 'expected integer_t');
    assertProblem(mutated(processActivity, (r) => (r.process.pid = 12.5)), 'process.pid', 'expected integer_t');
    assertProblem(mutated(processActivity, (r) => (r.process.pid = 1234n)), 'process.pid', 'bigint');
    assertProblem(mutated(processActivity, (r) => (r.metadata.sequence = 2 ** 60)), 'metadata.sequence', 'expected integer_t');
    const network = {
      ...classification(4001, 4, 1),
      severity_id: 1,
      time: TIME,
      metadata: metadata(),
      src_endpoint: { ip: '10.0.0.5', port: 70000 },
    };
    assertProblem(network, 'src_endpoint.port', 'outside the port_t range 0..65535');
  });

  test('floats, booleans and strings of the wrong JSON type', () => {
    assertProblem(mutated(processActivity, (r) => (r.device.location.lat = '47.61')), 'device.location.lat', 'expected float_t');
    assertProblem(mutated(processActivity, (r) => (r.device.location.lat = 47)), 'device.location.lat', 'integral');
    assertProblem(mutated(processActivity, (r) => (r.process.file.is_system = 'true')), 'process.file.is_system', 'expected boolean_t');
    assertProblem(mutated(processActivity, (r) => (r.process.cmd_line = 42)), 'process.cmd_line', 'expected string_t');
  });

  test('string subtypes with malformed values', () => {
    const cases: Array<[string, (r: Json) => void]> = [
      ['device.ip', (r) => (r.device.ip = '999.1.1.1')],
      ['device.ip', (r) => (r.device.ip = 'pc-01')],
      ['device.mac', (r) => (r.device.mac = '00:15:5D:01:02')],
      ['device.subnet', (r) => (r.device.subnet = '10.0.0.0/33')],
      ['device.hostname', (r) => (r.device.hostname = 'pc 01')],
      ['device.os_machine_uuid', (r) => (r.device.os_machine_uuid = 'x123e4567-e89b-12d3-a456-426614174000')],
      ['actor.user.email_addr', (r) => (r.actor.user.email_addr = 'alice at contoso')],
      ['metadata.product.url_string', (r) => (r.metadata.product.url_string = 'not a url')],
      ['process.file.hashes[0].value', (r) => (r.process.file.hashes[0] = { algorithm_id: 0, value: 'ab cd' })],
    ];
    for (const [path, change] of cases) assertProblem(mutated(processActivity, change), path, 'is not a valid');
    const datetimeProfile = (value: string) =>
      mutated(processActivity, (r) => {
        r.metadata.profiles = ['datetime'];
        r.time_dt = value;
      });
    assertProblem(datetimeProfile('yesterday'), 'time_dt', 'is not a valid datetime_t');
    assertProblem(datetimeProfile('2024-11-19T07:06:40'), 'time_dt', 'is not a valid datetime_t');
  });

  test('a hash whose length does not fit its algorithm', () => {
    const record = mutated(processActivity, (r) => (r.process.file.hashes[0] = { algorithm_id: 2, value: SHA256 }));
    assertProblem(record, 'process.file.hashes[0].value', 'expected 40 hex digits');
  });

  test('enum values outside the enum', () => {
    assertProblem(mutated(processActivity, (r) => (r.device.type_id = 42)), 'device.type_id', 'not a value of the type_id enum');
    assertProblem(mutated(processActivity, (r) => (r.severity_id = 7)), 'severity_id', 'not a value of the severity_id enum');
  });

  test('arrays that are not arrays, single values that are arrays, and bad elements', () => {
    assertProblem(mutated(processActivity, (r) => (r.metadata.labels = 'a')), 'metadata.labels', 'expected an array of string_t');
    assertProblem(mutated(processActivity, (r) => (r.metadata.labels = ['a', 5])), 'metadata.labels[1]', 'expected string_t');
    assertProblem(mutated(processActivity, (r) => (r.observables = r.observables[0])), 'observables', 'expected an array of observable object');
    assertProblem(mutated(processActivity, (r) => (r.device = [r.device])), 'device', 'got an array');
  });

  test('object attributes that are not objects', () => {
    assertProblem(mutated(processActivity, (r) => (r.process.file = 'notepad.exe')), 'process.file', 'expected a file object');
    assertProblem(mutated(processActivity, (r) => (r.metadata.product = new Map())), 'metadata.product', 'expected a product object');
  });

  test('open-ended and json_t content that JSON cannot carry', () => {
    assertProblem(mutated(baseEvent, (r) => (r.unmapped.Big = 2n ** 64n)), 'unmapped.Big', 'not a JSON value');
    assertProblem(mutated(baseEvent, (r) => (r.unmapped.Nested.list.push(Number.NaN))), 'unmapped.Nested.list[3]', 'not a JSON number');
    assertProblem(mutated(baseEvent, (r) => (r.unmapped.When = new Date(TIME))), 'unmapped.When', 'not a plain JSON object');
    assertProblem(mutated(baseEvent, (r) => (r.unmapped = 'raw')), 'unmapped', 'expected a object object');
  });

  test('class and object constraints', () => {
    assertProblem(mutated(processActivity, (r) => (r.process = { name: 'notepad.exe' })), 'process', 'at least one of pid, uid, cpid');
    assertProblem(mutated(processActivity, (r) => (r.actor = {})), 'actor', 'at_least_one');
    const eventLog = { ...classification(1008, 1, 1), severity_id: 1, time: TIME, metadata: metadata() };
    assertProblem(eventLog, '(record)', 'class event_log_actvity needs at least one of log_file');
    assert.deepEqual(checkOcsf({ ...eventLog, log_name: 'Security' }), []);
    const authorizeSession = {
      ...classification(3003, 3, 1),
      severity_id: 1,
      time: TIME,
      metadata: metadata(),
      user: { name: 'alice' },
      privileges: ['SeDebugPrivilege'],
    };
    assert.deepEqual(checkOcsf(authorizeSession), []);
    assertProblem({ ...authorizeSession, group: { name: 'Administrators' } }, '(record)', 'exactly one of privileges, group (just_one), got privileges, group');
    assertProblem({ ...authorizeSession, privileges: undefined }, '(record)', 'just_one), got none');
    // As in the official validator, a key with a null value counts for just_one.
    assertProblem({ ...authorizeSession, group: null }, '(record)', 'got privileges, group');
  });

  test('observable names that are not attribute paths of the class', () => {
    assertProblem(mutated(processActivity, (r) => (r.observables[0].name = 'device.nope')), 'observables[0].name', 'not an attribute path');
    assertProblem(mutated(processActivity, (r) => (r.observables[0].name = 'cloud.provider')), 'observables[0].name', 'not an attribute path');
  });

  test('extension classes and attributes without metadata.extensions', () => {
    assertProblem(mutated(registryKeyActivity, (r) => delete r.metadata.extensions), 'metadata.extensions', 'win extension');
    assertProblem(
      mutated(registryKeyActivity, (r) => (r.metadata.extensions = [{ name: 'win', uid: '2', version: '1.7.0' }])),
      'metadata.extensions',
      'version: "1.8.0"',
    );
    const usesWinAttribute = mutated(processActivity, (r) => (r.process.hosted_services = [{ name: 'Spooler', cmd_line: 'C:\\Windows\\System32\\spoolsv.exe' }]));
    assertProblem(usesWinAttribute, 'metadata.extensions', 'win extension');
    usesWinAttribute.metadata.extensions = [{ name: 'win', uid: '2', version: '1.8.0' }];
    assert.deepEqual(checkOcsf(usesWinAttribute), []);
  });
});

describe('ocsfWarnings', () => {
  test('reports deprecated classes and attributes without making them errors', () => {
    const lineage = mutated(processActivity, (r) => (r.process.lineage = ['C:\\Windows\\explorer.exe']));
    assert.deepEqual(checkOcsf(lineage), []);
    assert.ok(ocsfWarnings(lineage).some((w) => w.startsWith('process.lineage: ') && w.includes('deprecated')));

    const configState = { ...classification(5002, 5, 1), severity_id: 1, time: TIME, metadata: metadata(), device: { type_id: 0, name: 'pc-01' } };
    assert.deepEqual(checkOcsf(configState), []);
    assert.ok(ocsfWarnings(configState).some((w) => w.includes('class config_state (5002) is deprecated')));
  });
});

describe('assertOcsf', () => {
  test('throws an AssertionError listing every problem', () => {
    const record = mutated(processActivity, (r) => {
      delete r.time;
      r.device.ip = 'not-an-ip';
    });
    assert.throws(
      () => assertOcsf(record),
      (error: unknown) =>
        error instanceof AssertionError && error.message.includes('time: required attribute missing') && error.message.includes('device.ip: '),
    );
  });
});
