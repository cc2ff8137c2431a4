import type { DeadLetterSink } from '../dead-letter/dead-letter-entry.ts';
import { sharedS3Client } from '../storage/aws-clients.ts';
import { FileObjectStore } from '../storage/file-object-store.ts';
import { S3ObjectStore } from '../storage/s3-object-store.ts';
import { parseStoreUri } from '../storage/store-uri.ts';
import type { Log } from '../telemetry/log.ts';
import { FirehoseSink } from './firehose-sink.ts';
import { ObjectSink } from './object-sink.ts';
import type { Sink } from './sink.ts';

export interface SinkOptions {
  readonly gzip: boolean;
  readonly deadLetter: DeadLetterSink;
  readonly log: Log;
}

/** `file://<dir>`, `s3://<bucket>/<prefix>` or `firehose://<delivery stream>`. */
export function openSink(uri: string, options: SinkOptions): Sink {
  const parsed = parseStoreUri(uri, '--sink', ['file', 's3', 'firehose']);
  switch (parsed.scheme) {
    case 'file':
      return new ObjectSink(new FileObjectStore(parsed.path), { gzip: options.gzip });
    case 's3':
      return new ObjectSink(new S3ObjectStore(sharedS3Client(), parsed.bucket, parsed.prefix), { gzip: options.gzip });
    case 'firehose':
      return new FirehoseSink({ streamName: parsed.stream, deadLetter: options.deadLetter, log: options.log });
  }
}
