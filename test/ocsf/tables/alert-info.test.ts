import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertInfo } from '../../../lambda/ocsf/tables/alert-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const EDR_ALERT = {
  Timestamp: '2022-11-08T08:42:17.2954051Z',
  AlertId: 'da638034938542563831_172489803',
  Title: 'Anomalous silent process exit monitor registration',
  Category: 'Persistence',
  Severity: 'Medium',
  ServiceSource: 'Microsoft Defender for Endpoint',
  DetectionSource: 'EDR',
  AttackTechniques: '["Valid Accounts (T1078)","Cloud Accounts (T1078.004)"]',
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = alertInfo.map({ table: 'AlertInfo', tenantId: 't', properties: { ...EDR_ALERT, ...properties } });
  assertOcsf(record);
  return delivered(record);
}

const info = (record: OcsfRecord) => record.finding_info as Record<string, any>;

describe('AlertInfo → Detection Finding', () => {
  test('an alert is a Create (200401) alertable finding identified by AlertId', () => {
    const record = map({});
    assert.equal(record.type_uid, 200401);
    assert.equal(record.is_alert, true);
    assert.equal(info(record).uid, EDR_ALERT.AlertId);
    assert.equal(info(record).title, EDR_ALERT.Title);
    assert.deepEqual(info(record).types, ['Persistence']);
    assert.deepEqual(info(record).product, { name: 'Microsoft Defender for Endpoint', vendor_name: 'Microsoft' });
    assert.deepEqual(info(record).analytic, { name: EDR_ALERT.Title, category: 'EDR', type_id: 0, type: 'Unknown' });
  });

  test('severities map whatever their case; an unknown one is severity Unknown and stays raw', () => {
    assert.equal(map({ Severity: 'high' }).severity_id, 4);
    assert.equal(map({ Severity: 'Informational' }).severity_id, 1);
    const unknown = map({ Severity: 'Sev2' });
    assert.equal(unknown.severity_id, 0);
    assert.equal(unknown.unmapped?.Severity, 'Sev2');
  });

  test('techniques and sub-techniques, from a JSON string or an array; the Defender text is kept raw', () => {
    const expected = [
      { technique: { uid: 'T1078', name: 'Valid Accounts' } },
      { sub_technique: { uid: 'T1078.004', name: 'Cloud Accounts' }, technique: { uid: 'T1078' } },
    ];
    assert.deepEqual(info(map({})).attacks, expected);
    assert.deepEqual(info(map({ AttackTechniques: ['Valid Accounts (T1078)', 'Cloud Accounts (T1078.004)'] })).attacks, expected);
    assert.equal(map({}).unmapped?.AttackTechniques, EDR_ALERT.AttackTechniques);
    const partial = map({ AttackTechniques: '["Phishing","Spearphishing Link (T1566.002)"]' });
    assert.deepEqual(info(partial).attacks, [{ sub_technique: { uid: 'T1566.002', name: 'Spearphishing Link' }, technique: { uid: 'T1566' } }]);
    assert.equal(info(map({ AttackTechniques: '' })).attacks, undefined);
  });

  test('a custom detection rule is an analytic of type Rule', () => {
    const analytic = info(map({ DetectionSource: 'Custom detection' })).analytic;
    assert.equal(analytic.type_id, 1);
    assert.equal(analytic.type, 'Rule');
  });

  test('without an AlertId the row stays a base event', () => {
    const record = map({ AlertId: '' });
    assert.equal(record.class_uid, 0);
    assert.equal(record.unmapped?.Title, EDR_ALERT.Title);
  });
});
