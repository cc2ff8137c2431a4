import { S3Client } from '@aws-sdk/client-s3';

let s3: S3Client | undefined;

/**
 * One S3 client per process. With a custom endpoint (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`,
 * e.g. moto_server or MinIO) it uses path-style addressing, which local servers need.
 */
export function sharedS3Client(): S3Client {
  s3 ??= new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return s3;
}
