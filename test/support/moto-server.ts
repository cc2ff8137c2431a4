import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

export interface MotoServer {
  readonly endpoint: string;
  s3(): S3Client;
  createBucket(name: string): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const MOTO_INSTALL_HINT = 'moto_server is not on PATH: install it with `pip install "moto[server]"`';

/**
 * Starts moto_server (a real S3 implementation that enforces conditional writes) on a free
 * loopback port, and points the AWS SDK's standard environment at it for this process.
 */
export async function startMotoServer(): Promise<MotoServer> {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) throw new Error(MOTO_INSTALL_HINT);
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = await waitForEndpoint(child);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  });
  const clients: S3Client[] = [];
  return {
    endpoint,
    s3() {
      const client = new S3Client({ endpoint, forcePathStyle: true, region: process.env.AWS_REGION });
      clients.push(client);
      return client;
    },
    async createBucket(name) {
      const client = new S3Client({ endpoint, forcePathStyle: true, region: process.env.AWS_REGION });
      await client.send(new CreateBucketCommand({ Bucket: name }));
      client.destroy();
    },
    async reset() {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    async close() {
      for (const c of clients) c.destroy();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    },
  };
}

function waitForEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not start: ${seen}`)), 20_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`moto_server exited with ${code}: ${seen}`)));
  });
}
