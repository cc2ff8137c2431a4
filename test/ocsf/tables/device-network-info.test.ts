import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceNetworkInfo } from '../../../lambda/ocsf/tables/device-network-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const ADAPTER = {
  Timestamp: '2025-03-14T09:01:43.2290112Z',
  DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
  DeviceName: 'wks-fin-042.corp.example.com',
  ReportId: 18011,
  NetworkAdapterName: 'Ethernet',
  NetworkAdapterType: 'Ethernet',
  MacAddress: '00155D0A1B2C',
  IPAddresses: '[{"IPAddress":"10.20.14.57","SubnetPrefix":24,"AddressType":"Private"}]',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceNetworkInfo.map({
    table: 'DeviceNetworkInfo',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:05:11.2210034Z',
    properties: { ...ADAPTER, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function interfaces(record: OcsfRecord): Record<string, unknown>[] | undefined {
  return (record.device as Record<string, unknown>).network_interfaces as Record<string, unknown>[] | undefined;
}

describe('DeviceNetworkInfo → Device Inventory Info', () => {
  test('one adapter row is a Log of the device with that adapter as its interface', () => {
    const record = map({});
    assert.deepEqual([record.class_uid, record.activity_id], [5001, 1]);
    assert.deepEqual(interfaces(record), [{ name: 'Ethernet', type_id: 1, type: 'Wired', mac: '00:15:5d:0a:1b:2c', ip: '10.20.14.57', subnet_prefix: 24 }]);
  });

  test('each address is its own interface entry, since OCSF interfaces hold one IP', () => {
    const record = map({
      IPAddresses: [
        { IPAddress: '10.20.14.57', SubnetPrefix: 24 },
        { IPAddress: 'fe80::1c2d:3e4f:5a6b:7c8d', SubnetPrefix: 64 },
      ],
    });
    assert.deepEqual(interfaces(record)?.map((i) => [i.ip, i.subnet_prefix, i.mac]), [
      ['10.20.14.57', 24, '00:15:5d:0a:1b:2c'],
      ['fe80::1c2d:3e4f:5a6b:7c8d', 64, '00:15:5d:0a:1b:2c'],
    ]);
    assert.equal(record.unmapped?.IPAddresses, undefined, 'nothing else was in the entries');
  });

  test('address entries with more than address and prefix stay raw as well', () => {
    const record = map({});
    assert.equal(record.unmapped?.IPAddresses, ADAPTER.IPAddresses);
  });

  test('MACs in any spelling are normalized; a value that is not a MAC stays raw', () => {
    assert.equal(interfaces(map({ MacAddress: 'A4-83-E7-12-34-56' }))?.[0]?.mac, 'a4:83:e7:12:34:56');
    const bad = map({ MacAddress: 'not-a-mac' });
    assert.equal(interfaces(bad)?.[0]?.mac, undefined);
    assert.equal(bad.unmapped?.MacAddress, 'not-a-mac');
  });

  test('IPv4-mapped addresses become IPv4; invalid addresses and prefixes stay raw', () => {
    const record = map({ IPAddresses: '[{"IPAddress":"::ffff:172.26.32.1","SubnetPrefix":"20"},{"IPAddress":"300.1.1.1","SubnetPrefix":24},{"IPAddress":"10.0.0.1","SubnetPrefix":40}]' });
    assert.deepEqual(interfaces(record)?.map((i) => [i.ip, i.subnet_prefix]), [['172.26.32.1', 20], ['10.0.0.1', undefined]]);
    assert.equal(typeof record.unmapped?.IPAddresses, 'string');
  });

  test('adapter types: Ethernet is Wired (raw kept), Tunnel is Tunnel, unknown types are Other', () => {
    const ethernet = map({});
    const tunnel = map({ NetworkAdapterType: 'Tunnel' });
    const loopback = map({ NetworkAdapterType: 'Loopback' });
    assert.equal(ethernet.unmapped?.NetworkAdapterType, 'Ethernet');
    assert.deepEqual([interfaces(tunnel)?.[0]?.type_id, tunnel.unmapped?.NetworkAdapterType], [4, undefined]);
    assert.deepEqual([interfaces(loopback)?.[0]?.type_id, interfaces(loopback)?.[0]?.type], [99, 'Loopback']);
  });

  test('an adapter without addresses is still listed by name and MAC', () => {
    const record = map({ IPAddresses: '[]', NetworkAdapterStatus: 'Down' });
    assert.deepEqual(interfaces(record), [{ name: 'Ethernet', type_id: 1, type: 'Wired', mac: '00:15:5d:0a:1b:2c' }]);
    assert.equal(record.unmapped?.NetworkAdapterStatus, 'Down');
  });

  test('the DNS suffix is the device domain; servers and gateways have no OCSF home', () => {
    const record = map({ NetworkAdapterDnsSuffix: 'corp.example.com', DnsAddresses: '["10.20.0.10"]', DefaultGateways: '["10.20.14.1"]' });
    assert.equal((record.device as Record<string, unknown>).domain, 'corp.example.com');
    assert.equal(record.unmapped?.DnsAddresses, '["10.20.0.10"]');
    assert.equal(record.unmapped?.DefaultGateways, '["10.20.14.1"]');
  });

  test('a row without name, MAC or address has no interface, and keeps the adapter type raw', () => {
    const record = map({ NetworkAdapterName: '', MacAddress: null, IPAddresses: null });
    assert.equal(interfaces(record), undefined);
    assert.equal(record.unmapped?.NetworkAdapterType, 'Ethernet');
  });
});
