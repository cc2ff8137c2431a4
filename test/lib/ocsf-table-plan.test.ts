import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BASE_EVENT_CLASS, classesByTable } from '../../lambda/ocsf/registry.ts';
import { planOcsfTables } from '../../lib/athena/ocsf-table-plan.ts';

const REGISTRY = new Map<string, readonly string[]>([
  ['DeviceProcessEvents', ['process_activity', 'base_event']],
  ['DeviceNetworkEvents', ['network_activity', 'http_activity', 'dns_activity']],
  ['IdentityLogonEvents', ['authentication']],
  ['DeviceLogonEvents', ['authentication']],
]);

describe('planOcsfTables', () => {
  test('gives each class the tables that can emit it, and leaves base_event open', () => {
    const plans = planOcsfTables(REGISTRY);

    assert.deepEqual(plans, [
      { className: 'authentication', tables: ['DeviceLogonEvents', 'IdentityLogonEvents'] },
      { className: 'base_event' },
      { className: 'dns_activity', tables: ['DeviceNetworkEvents'] },
      { className: 'http_activity', tables: ['DeviceNetworkEvents'] },
      { className: 'network_activity', tables: ['DeviceNetworkEvents'] },
      { className: 'process_activity', tables: ['DeviceProcessEvents'] },
    ]);
  });

  test('with configured tables, keeps only their classes and lists base_event exactly', () => {
    const plans = planOcsfTables(REGISTRY, ['DeviceProcessEvents', 'DeviceLogonEvents', 'DeviceInfo']);

    assert.deepEqual(plans, [
      { className: 'authentication', tables: ['DeviceLogonEvents'] },
      { className: 'base_event', tables: ['DeviceInfo', 'DeviceProcessEvents'] },
      { className: 'process_activity', tables: ['DeviceProcessEvents'] },
    ]);
  });

  test('drops base_event when no configured table can land there', () => {
    const plans = planOcsfTables(REGISTRY, ['IdentityLogonEvents']);

    assert.deepEqual(plans, [{ className: 'authentication', tables: ['IdentityLogonEvents'] }]);
  });

  test('covers every class the real mapper registry emits, plus base_event', () => {
    const registry = classesByTable();
    const planned = new Set(planOcsfTables(registry).map((p) => p.className));

    for (const [table, classes] of registry) {
      for (const className of classes) assert.ok(planned.has(className), `${table} emits ${className}, which has no table`);
    }
    assert.ok(planned.has(BASE_EVENT_CLASS));
  });
});
