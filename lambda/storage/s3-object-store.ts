import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { PreconditionFailedError, StoreError } from '../errors.ts';
import { joinKey, type ObjectBody, type ObjectStore, type StoredObject, type WriteCondition } from './object-store.ts';

/** An S3 bucket and prefix. Conditional writes use S3's `If-None-Match: *` and `If-Match`. */
export class S3ObjectStore implements ObjectStore {
  readonly uri: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {
    this.uri = `s3://${bucket}/${prefix}`.replace(/\/$/, '');
  }

  child(prefix: string): ObjectStore {
    return new S3ObjectStore(this.client, this.bucket, joinKey(this.prefix, prefix));
  }

  async get(key: string): Promise<StoredObject | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      const body = Buffer.from(await out.Body!.transformToByteArray());
      return { body, etag: out.ETag ?? '' };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) {
        return undefined;
      }
      throw this.storeError('read', key, error);
    }
  }

  async put(key: string, body: ObjectBody, condition?: WriteCondition): Promise<{ etag: string }> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.keyOf(key),
          Body: typeof body === 'string' || Buffer.isBuffer(body) ? body : Buffer.concat(body),
          IfNoneMatch: condition?.ifNoneMatch,
          IfMatch: condition?.ifMatch,
        }),
      );
      return { etag: out.ETag ?? '' };
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new PreconditionFailedError(`${this.uri}/${key} was written by someone else first`, { cause: error });
      }
      throw this.storeError('write', key, error);
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    const base = this.prefix ? joinKey(this.prefix, '') : '';
    do {
      let out;
      try {
        out = await this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: base + prefix, ContinuationToken: token }),
        );
      } catch (error) {
        throw this.storeError('list', prefix, error);
      }
      for (const item of out.Contents ?? []) if (item.Key) yield item.Key.slice(base.length);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
    } catch (error) {
      throw this.storeError('delete', key, error);
    }
  }

  private keyOf(key: string): string {
    return joinKey(this.prefix, key);
  }

  private storeError(verb: string, key: string, error: unknown): StoreError {
    const detail = error instanceof S3ServiceException ? `${error.name} (HTTP ${error.$metadata.httpStatusCode})` : (error as Error).message;
    return new StoreError(`cannot ${verb} ${this.uri}/${key}: ${detail}`, { cause: error });
  }
}

/** S3 answers a lost condition with 412 PreconditionFailed, or 409 ConditionalRequestConflict when writes race. */
function isConditionFailure(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  const status = error.$metadata.httpStatusCode;
  return status === 412 || (status === 409 && error.name === 'ConditionalRequestConflict') || error.name === 'PreconditionFailed';
}
