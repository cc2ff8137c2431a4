import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deviceFileCertificateInfo } from '../../../lambda/ocsf/tables/device-file-certificate-info.ts';
import type { OcsfRecord } from '../../../lambda/ocsf/types.ts';
import { assertOcsf, delivered } from '../../support/ocsf-conformance.ts';

const SHA1 = '1bc5066ddf693fc034d6514618854e26a84fd0d1';

const CERTIFICATE = {
  Timestamp: '2025-03-14T09:12:45.1501482Z',
  DeviceId: '7c1e4b2a9d0f3e6a8b5c2d1f0e9a8b7c6d5e4f3a',
  DeviceName: 'wks-fin-042.corp.example.com',
  ReportId: 18392,
  SHA1,
  IsSigned: true,
  SignatureType: 'Embedded',
  Signer: 'Microsoft Windows',
  SignerHash: 'e168609353f30ff2373157b4eb8cd519d07a2bff',
  Issuer: 'Microsoft Windows Production PCA 2011',
  IssuerHash: '580a6f4cc4e4b669b9ebdc1b2b3e087b80d0678d',
  CertificateSerialNumber: '330000033b655faefadb75e9d6000000000033',
  CertificateCreationTime: '2023-09-02T18:23:41Z',
  CertificateExpirationTime: '2024-09-01T18:23:41Z',
  CertificateCountersignatureTime: '2024-05-25T15:28:57.628Z',
  IsTrusted: true,
};

function map(properties: Record<string, unknown>): OcsfRecord {
  const record = deviceFileCertificateInfo.map({
    table: 'DeviceFileCertificateInfo',
    tenantId: '3f2b8c1e-7d4a-4e9b-a6c2-0d5e8f1a2b3c',
    time: '2025-03-14T09:16:02.4183307Z',
    properties: { ...CERTIFICATE, ...properties },
  });
  assertOcsf(record);
  return delivered(record);
}

function file(record: OcsfRecord): Record<string, unknown> {
  return record.file as Record<string, unknown>;
}

function signature(record: OcsfRecord): Record<string, unknown> | undefined {
  return (file(record).signatures as Record<string, unknown>[] | undefined)?.[0];
}

describe('DeviceFileCertificateInfo → File Query', () => {
  test('a certificate row is a Query whose file exists, named by its SHA-1 (the only identity the table has)', () => {
    const record = map({});
    assert.deepEqual([record.class_uid, record.activity_id, record.query_result_id], [5007, 1, 1]);
    assert.deepEqual([file(record).name, file(record).type_id], [SHA1, 0]);
    assert.deepEqual(file(record).hashes, [{ algorithm_id: 2, algorithm: 'SHA-1', value: SHA1 }]);
    assert.deepEqual(record.metadata.profiles, ['host']);
  });

  test('the signer certificate: issuer, serial, subject, SHA-1 thumbprint and validity', () => {
    assert.deepEqual(signature(map({})), {
      algorithm_id: 4,
      algorithm: 'Authenticode',
      state_id: 1,
      state: 'Valid',
      certificate: {
        issuer: 'Microsoft Windows Production PCA 2011',
        serial_number: '330000033b655faefadb75e9d6000000000033',
        subject: 'Microsoft Windows',
        fingerprints: [{ algorithm_id: 2, algorithm: 'SHA-1', value: 'e168609353f30ff2373157b4eb8cd519d07a2bff' }],
        created_time: Date.UTC(2023, 8, 2, 18, 23, 41),
        expiration_time: Date.UTC(2024, 8, 1, 18, 23, 41),
      },
      created_time: Date.UTC(2024, 4, 25, 15, 28, 57, 628),
    });
  });

  test('IsTrusted (any boolean spelling) gives the signature state; the flags also stay raw', () => {
    assert.equal(signature(map({ IsTrusted: 'false' }))?.state_id, 6);
    assert.equal(signature(map({ IsTrusted: 0 }))?.state_id, 6);
    const record = map({ IsTrusted: '1' });
    assert.equal(signature(record)?.state_id, 1);
    assert.deepEqual([record.unmapped?.IsSigned, record.unmapped?.IsTrusted], [true, '1']);
  });

  test('an unsigned file has no signature', () => {
    const record = map({ IsSigned: false, Signer: '', Issuer: null, CertificateSerialNumber: '', SignerHash: '', IsTrusted: false });
    assert.equal(signature(record), undefined);
  });

  test('without issuer or serial number there is no certificate: those columns stay raw', () => {
    const record = map({ CertificateSerialNumber: '' });
    assert.equal(signature(record)?.certificate, undefined);
    assert.equal(record.unmapped?.Issuer, CERTIFICATE.Issuer);
    assert.equal(record.unmapped?.Signer, CERTIFICATE.Signer);
  });

  test('a signer hash that is not a SHA-1 thumbprint stays raw', () => {
    const record = map({ SignerHash: 'abc123' });
    assert.equal((signature(record)?.certificate as Record<string, unknown>).fingerprints, undefined);
    assert.equal(record.unmapped?.SignerHash, 'abc123');
  });

  test('a row without a SHA-1 cannot name its file: base_event', () => {
    assert.equal(map({ SHA1: '' }).class_uid, 0);
    assert.equal(map({ SHA1: 'not-a-hash' }).class_uid, 0);
  });
});
