import { Columns } from '../common/columns.ts';
import { deviceOf } from '../common/device.ts';
import { newEvent, withUnmapped } from '../common/event.ts';
import { compact, toBoolean } from '../common/values.ts';
import type { DefenderRow, OcsfRecord, TableMapper } from '../types.ts';
import { baseEventOf } from './base-event.ts';

const QUERY = 1;
const QUERY_RESULT_EXISTS = 1;
const SHA1 = /^[0-9a-fA-F]{40}$/;
/** Windows file signatures (embedded or catalog) are Authenticode signatures. */
const AUTHENTICODE = { algorithm_id: 4, algorithm: 'Authenticode' } as const;
const VALID = { state_id: 1, state: 'Valid' } as const;
const UNTRUSTED = { state_id: 6, state: 'Untrusted' } as const;

/**
 * DeviceFileCertificateInfo → File Query (5007), activity 1 (Query), result 1 (Exists): what Defender
 * learned about the signature of a file it saw on the device. The table names the file only by its
 * SHA-1, so that hash is also the file's (required) name; `type_id` is 0 because the kind of file is not
 * stated. The signer certificate becomes `file.signatures[0].certificate` (issuer and serial number are
 * required, else the certificate columns stay raw); `IsTrusted` gives the signature state. The issuer's
 * hash, the signature type (embedded or catalog), CRL distribution points and `IsRootSignerMicrosoft`
 * have no OCSF home and stay under `unmapped`.
 */
export const deviceFileCertificateInfo: TableMapper = {
  table: 'DeviceFileCertificateInfo',
  classes: ['file_query', 'base_event'],
  map(row: DefenderRow): OcsfRecord {
    const columns = Columns.of(row);
    const sha1 = columns.values.SHA1;
    if (typeof sha1 !== 'string' || !SHA1.test(sha1)) return baseEventOf(row);
    columns.take('SHA1');
    const device = deviceOf(columns);
    const record = newEvent(row, columns, { className: 'file_query', activityId: QUERY, profiles: device ? ['host'] : undefined });
    record.query_result_id = QUERY_RESULT_EXISTS;
    record.query_result = 'Exists';
    record.file = compact({
      name: sha1,
      type_id: 0,
      type: 'Unknown',
      hashes: [{ algorithm_id: 2, algorithm: 'SHA-1', value: sha1 }],
      signatures: signaturesOf(columns),
    });
    if (device) record.device = device;
    return withUnmapped(record, columns);
  },
};

function signaturesOf(columns: Columns): Record<string, unknown>[] | undefined {
  const signed = toBoolean(columns.values.IsSigned);
  if (signed === false) return undefined;
  const certificate = certificateOf(columns);
  // The flags select whether there is a signature and its state; as flags they stay under `unmapped`.
  const trusted = toBoolean(columns.values.IsTrusted);
  if (signed === undefined && !certificate && trusted === undefined) return undefined;
  const signature = compact({
    ...AUTHENTICODE,
    ...(trusted === undefined ? undefined : trusted ? VALID : UNTRUSTED),
    certificate,
    created_time: columns.time('CertificateCountersignatureTime'),
  });
  return signature && [signature];
}

function certificateOf(columns: Columns): Record<string, unknown> | undefined {
  const issuer = columns.values.Issuer;
  const serial = columns.values.CertificateSerialNumber;
  if (typeof issuer !== 'string' || issuer === '' || typeof serial !== 'string' || serial === '') return undefined;
  columns.take('Issuer', 'CertificateSerialNumber');
  const signerHash = columns.values.SignerHash;
  const fingerprint = typeof signerHash === 'string' && SHA1.test(signerHash) ? signerHash : undefined;
  if (fingerprint) columns.take('SignerHash');
  return compact({
    issuer,
    serial_number: serial,
    subject: columns.text('Signer'),
    fingerprints: fingerprint ? [{ algorithm_id: 2, algorithm: 'SHA-1', value: fingerprint }] : undefined,
    created_time: columns.time('CertificateCreationTime'),
    expiration_time: columns.time('CertificateExpirationTime'),
  });
}
