import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { TABLE_MIX as GENERATOR_MIX } from '../../lambda/demo/export-generator.ts';
import { AZURITE_ACCOUNT, AZURITE_KEY, startLocalAzurite, type LocalAzurite } from '../../lambda/demo/local-azurite.ts';
import type { PassOptions } from '../../lambda/pass-options.ts';
import { startGateProxy, type GateProxy } from '../support/fault-gate-proxy.ts';
import { startMotoServer, type MotoServer } from '../support/moto-server.ts';
import { TENANT_A, TENANT_B } from '../support/test-rows.ts';
import { ExportWriter, generatedRows, type ExportPlan, type RowFactory } from './export-writer.ts';
import { EXPORT_HOURS, EXPORT_ROWS, SEED } from './scale.ts';

export const TENANTS = [TENANT_A, TENANT_B] as const;

/**
 * The generator's real-tenant shares of the tables whose rows carry a ReportId (how the invariant
 * tells rows apart): device events dominate, then cloud app, mail and identity; DeviceInfo brings
 * ReportIds beyond 2^53.
 */
export const FAULT_TABLES = [
  'DeviceNetworkEvents', 'DeviceProcessEvents', 'DeviceFileEvents', 'DeviceRegistryEvents', 'DeviceEvents', 'DeviceLogonEvents',
  'DeviceImageLoadEvents', 'DeviceInfo', 'CloudAppEvents', 'EmailEvents', 'IdentityLogonEvents',
] as const;
export const TABLE_MIX: Readonly<Record<string, number>> = Object.fromEntries(FAULT_TABLES.map((table) => [table, GENERATOR_MIX[table]!]));

/** The tables scenarios append to between passes, as Defender keeps writing the busiest ones. */
export const GROWING_TABLES = ['DeviceNetworkEvents', 'DeviceProcessEvents', 'DeviceFileEvents'] as const;

/** Closed hours of a fixed day: event times, partitions and blob names are the same on every run. */
export const FIRST_HOUR = new Date('2026-11-20T06:00:00Z');

export function exportPlan(label: string, overrides: Partial<ExportPlan> = {}): ExportPlan {
  return { tenants: TENANTS, tables: TABLE_MIX, start: FIRST_HOUR, hours: EXPORT_HOURS, rows: EXPORT_ROWS, brokenEvery: 997, seed: SEED + label.length, ...overrides };
}

/**
 * The real local services a fault scenario runs against, each behind a gate proxy that can hold,
 * fail or drop requests: Azurite (in this process), and moto_server for S3 when asked for.
 * `service` and `s3` reach the services directly, for seeding and for reading results back.
 */
export interface FaultLab {
  readonly azurite: LocalAzurite;
  readonly service: BlobServiceClient;
  readonly azureGate: GateProxy;
  /** A connection string whose BlobEndpoint is the gate in front of Azurite. */
  readonly connectionString: string;
  readonly writer: ExportWriter;
  readonly dir: string;
  readonly moto?: MotoServer;
  readonly s3?: S3Client;
  /** In front of moto_server; AWS_ENDPOINT_URL_S3 points here when the lab was started with `s3`. */
  readonly s3Gate?: GateProxy;
  close(): Promise<void>;
}

export interface FaultLabOptions {
  /** Start moto_server (behind a gate) and create these buckets. */
  readonly s3?: boolean;
  readonly buckets?: readonly string[];
  /** Default: realistic generated rows. */
  readonly rows?: RowFactory;
}

export async function startFaultLab(options: FaultLabOptions = {}): Promise<FaultLab> {
  const azurite = await startLocalAzurite();
  const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  const azureGate = await startGateProxy(azurite.blobEndpoint.replace(`/${AZURITE_ACCOUNT}`, ''));
  const dir = await mkdtemp(join(tmpdir(), 'dfwd-faults-'));
  let moto: MotoServer | undefined;
  let s3: S3Client | undefined;
  let s3Gate: GateProxy | undefined;
  if (options.s3) {
    moto = await startMotoServer();
    for (const bucket of options.buckets ?? ['state']) await moto.createBucket(bucket);
    s3 = moto.s3();
    s3Gate = await startGateProxy(moto.endpoint);
    // Every S3 client this process (and the CLI children it starts) creates goes through the gate.
    process.env.AWS_ENDPOINT_URL_S3 = s3Gate.url;
  }
  return {
    azurite,
    service,
    azureGate,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};BlobEndpoint=${azureGate.url}/${AZURITE_ACCOUNT};`,
    writer: new ExportWriter(service, options.rows ?? generatedRows(SEED)),
    dir,
    moto,
    s3,
    s3Gate,
    async close() {
      await s3Gate?.close();
      await moto?.close();
      await azureGate.close();
      await azurite.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A blob GET (ranged read), as opposed to a listing. */
export function isBlobRead(request: { method: string; url: string }): boolean {
  return request.method === 'GET' && !request.url.includes('comp=list') && request.url.includes('.json');
}

export function isCheckpointWrite(request: { method: string; url: string }): boolean {
  return request.method === 'PUT' && request.url.includes('/checkpoints/');
}

export function isDeadLetterWrite(request: { method: string; url: string }): boolean {
  return request.method === 'PUT' && request.url.includes('/dead-letter/');
}

export function isPutRecordBatch(request: { headers: Record<string, unknown> }): boolean {
  return request.headers['x-amz-target'] === 'Firehose_20150804.PutRecordBatch';
}

/** Folders under the lab's scratch dir for one scenario's checkpoints, output and dead letters. */
export interface ScenarioFolders {
  readonly state: string;
  readonly out: string;
  readonly deadLetter: string;
}

export function foldersFor(lab: FaultLab, name: string): ScenarioFolders {
  return { state: join(lab.dir, name, 'state'), out: join(lab.dir, name, 'out'), deadLetter: join(lab.dir, name, 'state', 'dead-letter') };
}

/** Pass options over the lab's gated Azurite with file state and output under `folders`. */
export function filePassOptions(lab: FaultLab, folders: ScenarioFolders, overrides: Partial<PassOptions> = {}): PassOptions {
  return {
    source: { kind: 'connection-string', connectionString: lab.connectionString },
    stateUri: pathToFileURL(folders.state).href,
    sinkUri: pathToFileURL(folders.out).href,
    ...overrides,
  };
}
