import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceNetworkEvents } from '../../../lambda/ocsf/tables/device-network-events.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const EDGE = {
  InitiatingProcessId: 11204,
  InitiatingProcessFileName: 'msedge.exe',
  InitiatingProcessFolderPath: 'c:\\program files (x86)\\microsoft\\edge\\application\\msedge.exe',
  InitiatingProcessAccountName: 'jdoe',
};

/** Maps one DeviceNetworkEvents row (device columns and a timestamp added) and checks it is valid OCSF. */
function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceNetworkEvents.map({
    table: 'DeviceNetworkEvents',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:21:15.6634087Z',
    receivedTime: '2025-03-14T09:18:49.0532211Z',
    properties: {
      Timestamp: '2025-03-14T09:18:47.3390564Z',
      DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
      DeviceName: 'wks-fin-042.corp.example.com',
      ReportId: 18391,
      ...properties,
    },
  });
  assertOcsf(record);
  return delivered(record);
}

function connection(actionType: string, extra: Record<string, unknown> = {}): OcsfRecord {
  return map({
    ActionType: actionType,
    LocalIP: '10.20.14.57',
    LocalPort: 51544,
    RemoteIP: '203.0.113.45',
    RemotePort: 443,
    Protocol: 'Tcp',
    ...EDGE,
    ...extra,
  });
}

describe('DeviceNetworkEvents: ActionType → class, activity and outcome', () => {
  const cases: [string, number, number | undefined][] = [
    ['ConnectionSuccess', 1, 1],
    ['ConnectionAttempt', 1, undefined],
    ['ConnectionRequest', 1, undefined],
    ['ConnectionAcknowledged', 1, undefined],
    ['InboundConnectionAccepted', 1, 1],
    ['ConnectionFailed', 4, 2],
    ['ConnectionFound', 6, undefined],
    ['NetworkSignatureInspected', 6, undefined],
    ['ConnectionSuccessAggregatedReport', 1, 1],
    ['ConnectionFailedAggregatedReport', 4, 2],
  ];
  for (const [actionType, activityId, statusId] of cases) {
    test(`${actionType} → network_activity ${activityId}, status ${statusId ?? 'not stated'}`, () => {
      const record = connection(actionType);
      assert.equal(record.class_uid, 4001);
      assert.equal(record.activity_id, activityId);
      assert.equal(record.type_uid, 400100 + activityId);
      assert.equal(record.status_id, statusId);
      assert.deepEqual(record.metadata.profiles, ['host']);
    });
  }

  test('an unknown ActionType is Other (99) with the raw ActionType as activity name', () => {
    const record = connection('ConnectionDropped');
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'ConnectionDropped');
    assert.equal(record.type_uid, 400199);
    assert.equal(record.status_id, undefined);
  });

  test('ActionTypes and enum texts that name Object members find nothing', () => {
    const record = connection('constructor', { Protocol: 'toString', RemoteIPType: '__proto__' });
    assert.equal(record.activity_id, 99);
    assert.equal(record.activity_name, 'constructor');
    assert.equal((record.connection_info as Record<string, unknown>).protocol_num, undefined);
    assert.deepEqual(record.unmapped, { Protocol: 'toString', RemoteIPType: '__proto__' });
  });

  test('aggregated reports carry their occurrence count', () => {
    const record = connection('ConnectionSuccessAggregatedReport', { AdditionalFields: '{"uniqueEventsAggregated":42}' });
    assert.equal(record.count, 42);
    assert.equal(record.unmapped, undefined);
  });
});

describe('DeviceNetworkEvents: direction and source/destination', () => {
  test('outbound connections: the local side is the source', () => {
    const record = connection('ConnectionSuccess');
    assert.deepEqual(record.src_endpoint, { ip: '10.20.14.57', port: 51544 });
    assert.deepEqual(record.dst_endpoint, { ip: '203.0.113.45', port: 443 });
    assert.deepEqual(record.connection_info, {
      direction_id: 2,
      direction: 'Outbound',
      protocol_name: 'tcp',
      protocol_num: 6,
      protocol_ver_id: 4,
      protocol_ver: 'Internet Protocol version 4 (IPv4)',
    });
    assert.equal(record.is_src_dst_assignment_known, true);
  });

  test('inbound connections: the remote side is the source', () => {
    const record = connection('InboundConnectionAccepted', { LocalPort: 3389, RemotePort: 50412 });
    assert.deepEqual(record.src_endpoint, { ip: '203.0.113.45', port: 50412 });
    assert.deepEqual(record.dst_endpoint, { ip: '10.20.14.57', port: 3389 });
    assert.equal((record.connection_info as Record<string, unknown>).direction_id, 1);
    assert.equal(record.is_src_dst_assignment_known, true);
  });

  test('AdditionalFields.direction overrides the ActionType default, and its text stays raw', () => {
    const record = connection('ConnectionSuccess', { AdditionalFields: { direction: 'In' } });
    assert.equal((record.src_endpoint as Record<string, unknown>).ip, '203.0.113.45');
    assert.equal((record.connection_info as Record<string, unknown>).direction_id, 1);
    assert.deepEqual(record.unmapped, { AdditionalFields: { direction: 'In' } });
  });

  test('without a known direction the assignment is flagged as arbitrary', () => {
    const record = connection('ConnectionFound');
    assert.equal((record.connection_info as Record<string, unknown>).direction_id, 0);
    assert.equal(record.is_src_dst_assignment_known, false);
    assert.equal((record.src_endpoint as Record<string, unknown>).ip, '10.20.14.57');
  });

  test('a listening socket is the destination; the direction is unknown', () => {
    const record = map({ ActionType: 'ListeningConnectionCreated', LocalIP: '0.0.0.0', LocalPort: 8530, RemoteIP: '', Protocol: 'Tcp', ...EDGE });
    assert.equal(record.activity_id, 7);
    assert.deepEqual(record.dst_endpoint, { ip: '0.0.0.0', port: 8530 });
    assert.equal(record.src_endpoint, undefined);
    assert.equal((record.connection_info as Record<string, unknown>).direction_id, 0);
    assert.equal(record.is_src_dst_assignment_known, undefined);
  });

  test('no usable address on either side: a base_event that keeps every column', () => {
    const record = map({ ActionType: 'SmtpConnectionInspected', LocalIP: '-', RemoteIP: '-', RemotePort: 25, Protocol: 'Tcp' });
    assert.equal(record.class_uid, 0);
    assert.equal((record.unmapped as Record<string, unknown>).RemoteIP, '-');
    assert.equal((record.unmapped as Record<string, unknown>).RemotePort, 25);
  });
});

describe('DeviceNetworkEvents: value conversions', () => {
  test('IPv4-mapped addresses become IPv4; IPv6 sets the IP version', () => {
    assert.equal((connection('ConnectionSuccess', { LocalIP: '::ffff:10.20.14.57' }).src_endpoint as Record<string, unknown>).ip, '10.20.14.57');
    const v6 = connection('ConnectionSuccess', { LocalIP: '2001:db8::5', RemoteIP: '2001:db8::1' });
    assert.equal((v6.connection_info as Record<string, unknown>).protocol_ver_id, 6);
  });

  test('IP types: Public/Private become External/Internal (Defender text kept raw), Reserved is Other', () => {
    const record = connection('ConnectionSuccess', { LocalIPType: 'Private', RemoteIPType: 'Reserved' });
    assert.equal((record.src_endpoint as Record<string, unknown>).network_scope_id, 1);
    assert.equal((record.src_endpoint as Record<string, unknown>).network_scope, 'Internal');
    assert.equal((record.dst_endpoint as Record<string, unknown>).network_scope_id, 99);
    assert.equal((record.dst_endpoint as Record<string, unknown>).network_scope, 'Reserved');
    assert.deepEqual(record.unmapped, { LocalIPType: 'Private' });
  });

  test('values that do not convert stay raw: bad port, unknown IP type, unknown protocol', () => {
    const record = connection('ConnectionSuccess', { RemotePort: 70000, RemoteIPType: 'Anycastish', Protocol: 'Quic' });
    assert.equal((record.dst_endpoint as Record<string, unknown>).port, undefined);
    assert.equal((record.dst_endpoint as Record<string, unknown>).network_scope_id, undefined);
    assert.equal((record.connection_info as Record<string, unknown>).protocol_name, undefined);
    assert.deepEqual(record.unmapped, { RemotePort: 70000, Protocol: 'Quic', RemoteIPType: 'Anycastish' });
  });

  test('RemoteUrl: a bare name is the remote hostname; a URL also becomes `url`; anything else stays raw', () => {
    assert.equal((connection('ConnectionSuccess', { RemoteUrl: 'files.example.net' }).dst_endpoint as Record<string, unknown>).hostname, 'files.example.net');
    const withUrl = connection('ConnectionFailed', { RemoteUrl: 'http://crl.example.net/pki/ca.crl' });
    assert.deepEqual(withUrl.url, { url_string: 'http://crl.example.net/pki/ca.crl', hostname: 'crl.example.net' });
    assert.equal((withUrl.dst_endpoint as Record<string, unknown>).hostname, 'crl.example.net');
    const odd = connection('ConnectionSuccess', { RemoteUrl: 'not a host name' });
    assert.equal((odd.dst_endpoint as Record<string, unknown>).hostname, undefined);
    assert.deepEqual(odd.unmapped, { RemoteUrl: 'not a host name' });
  });

  test('no initiating process (pid 0, nothing else): no actor, the zeros stay raw', () => {
    const record = map({
      ActionType: 'ConnectionSuccess', LocalIP: '10.20.14.57', RemoteIP: '203.0.113.45',
      InitiatingProcessId: 0, InitiatingProcessParentId: 0,
    });
    assert.equal(record.actor, undefined);
    assert.deepEqual(record.unmapped, { InitiatingProcessId: 0, InitiatingProcessParentId: 0 });
    assert.equal((record.device as Record<string, unknown>).uid, '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a');
  });

  test('AdditionalFields as a JSON string or as an object map the same', () => {
    const fields = { direction: 'Out', uniqueEventsAggregated: 3, note: 'x' };
    const asString = connection('ConnectionSuccessAggregatedReport', { AdditionalFields: JSON.stringify(fields) });
    const asObject = connection('ConnectionSuccessAggregatedReport', { AdditionalFields: fields });
    // Only the row hash differs: it is taken over the columns as they arrived.
    assert.deepEqual({ ...asString, metadata: { ...asString.metadata, uid: '' } }, { ...asObject, metadata: { ...asObject.metadata, uid: '' } });
    assert.deepEqual(asObject.unmapped, { AdditionalFields: { direction: 'Out', note: 'x' } });
  });
});

describe('DeviceNetworkEvents: inspected traffic', () => {
  const inspected = (actionType: string, fields: Record<string, unknown>) =>
    map({
      ActionType: actionType, LocalIP: '10.20.14.57', LocalPort: 51890, RemoteIP: '198.51.100.77', RemotePort: 80, Protocol: 'Tcp',
      AdditionalFields: JSON.stringify(fields),
    });

  test('HTTP → http_activity: method → activity, request target split into the URL, response code', () => {
    const record = inspected('HttpConnectionInspected', {
      direction: 'Out', host: 'updates.example.org', method: 'POST', uri: '/upload?id=7', status_code: '201',
      status_msg: 'Created', user_agent: 'curl/8.4.0', version: '1.1', request_body_len: '512', response_body_len: '0',
    });
    assert.equal(record.class_uid, 4002);
    assert.equal(record.activity_id, 6);
    assert.equal(record.type_uid, 400206);
    assert.deepEqual(record.http_request, {
      http_method: 'POST',
      url: { url_string: 'http://updates.example.org/upload?id=7', hostname: 'updates.example.org', path: '/upload', query_string: 'id=7' },
      user_agent: 'curl/8.4.0',
      version: '1.1',
      body_length: 512,
    });
    assert.deepEqual(record.http_response, { code: 201, status: 'Created', body_length: 0 });
    assert.equal(record.is_src_dst_assignment_known, undefined, 'not an http_activity attribute');
    assert.deepEqual(record.unmapped, { AdditionalFields: { direction: 'Out', uri: '/upload?id=7' } });
  });

  test('HTTP with a method OCSF does not list: activity Other, the method stays raw', () => {
    const record = inspected('HttpConnectionInspected', { method: 'PROPFIND', uri: '/dav/', status_code: '207' });
    assert.equal(record.class_uid, 4002);
    assert.equal(record.activity_id, 99);
    assert.equal((record.http_request as Record<string, unknown>).http_method, undefined);
    assert.deepEqual(record.unmapped, { AdditionalFields: { method: 'PROPFIND' } });
  });

  test('CONNECT: the authority-form target is no URL, so host and uri stay raw', () => {
    const record = inspected('HttpConnectionInspected', { method: 'CONNECT', host: 'login.example.com', uri: 'login.example.com:443', status_code: '200' });
    assert.equal(record.activity_id, 1);
    assert.deepEqual(record.http_request, { http_method: 'CONNECT' });
    assert.deepEqual(record.unmapped, { AdditionalFields: { host: 'login.example.com', uri: 'login.example.com:443' } });
  });

  test('HTTP without request or response details stays network_activity Traffic', () => {
    const record = inspected('HttpConnectionInspected', { direction: 'Out', trans_depth: '1' });
    assert.equal(record.class_uid, 4001);
    assert.equal(record.activity_id, 6);
  });

  test('DNS → dns_activity: question with answers, TTLs, flags and response code is Traffic', () => {
    const record = inspected('DnsConnectionInspected', {
      direction: 'Out', query: 'cdn.example.net', qtype: '1', qtype_name: 'A', qclass_name: 'C_INTERNET', trans_id: '18296',
      rcode: '3', rcode_name: 'NXDOMAIN', RD: 'true', RA: 'true', AA: 'false', answers: '["203.0.113.99"]', TTLs: '[20.0]',
    });
    assert.equal(record.class_uid, 4003);
    assert.equal(record.activity_id, 6);
    assert.deepEqual(record.query, { hostname: 'cdn.example.net', type: 'A', class: 'C_INTERNET', packet_uid: 18296 });
    assert.deepEqual(record.answers, [
      { rdata: '203.0.113.99', ttl: 20, flag_ids: [3, 4], flags: ['Recursion Desired', 'Recursion Available'] },
    ]);
    assert.equal(record.rcode_id, 3);
    assert.equal(record.rcode, 'NXDomain');
  });

  test('DNS with only the question is a Query; a name that is no hostname falls back to network Traffic', () => {
    assert.equal(inspected('DnsConnectionInspected', { query: 'files.example.net', query_type: 'A' }).activity_id, 1);
    const odd = inspected('DnsConnectionInspected', { query: 'bad name!' });
    assert.equal(odd.class_uid, 4001);
    assert.deepEqual(odd.unmapped, { AdditionalFields: { query: 'bad name!' } });
  });

  test('TLS: version, SNI and cipher; ALPN is the application protocol', () => {
    const record = inspected('SslConnectionInspected', {
      version: 'TLSv13', server_name: 'files.example.net', cipher: 'TLS_AES_256_GCM_SHA384', next_protocol: 'h2', subject: 'CN=files.example.net',
    });
    assert.equal(record.class_uid, 4001);
    assert.deepEqual(record.tls, { version: 'TLSv13', sni: 'files.example.net', cipher: 'TLS_AES_256_GCM_SHA384' });
    assert.equal(record.app_protocol_name, 'h2');
    assert.deepEqual(record.unmapped, { AdditionalFields: { subject: 'CN=files.example.net' } });
  });

  test('TLS without a version (required in `tls`) leaves its keys raw', () => {
    const record = inspected('SslConnectionInspected', { server_name: 'files.example.net' });
    assert.equal(record.tls, undefined);
    assert.deepEqual(record.unmapped, { AdditionalFields: { server_name: 'files.example.net' } });
  });

  test('conn.log counters: originator bytes leave the source, only with a known direction', () => {
    const counters = { orig_bytes: '1344', resp_bytes: '0', orig_pkts: '24', resp_pkts: '0', duration: '1.5' };
    const inbound = inspected('IcmpConnectionInspected', { direction: 'In', ...counters });
    assert.deepEqual(inbound.traffic, { bytes_out: 1344, bytes_in: 0, packets_out: 24, packets_in: 0 });
    assert.equal(inbound.duration, 1500);
    assert.equal((inbound.src_endpoint as Record<string, unknown>).ip, '198.51.100.77');
    assert.equal(inspected('IcmpConnectionInspected', counters).traffic, undefined);
  });
});
