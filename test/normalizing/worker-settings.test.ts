import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { passOptionsFrom } from '../../lambda/cli.ts';
import { readLambdaEnvironment } from '../../lambda/config/lambda-environment.ts';
import { ConfigError } from '../../lambda/errors.ts';

const CLI = { 'connection-string': 'UseDevelopmentStorage=true', state: 'file:///tmp/state', sink: 'file:///tmp/out' };
const LAMBDA = { STATE_URI: 's3://b/state', SINK_URI: 'firehose://ocsf' };

describe('normalize workers reach the pass options', () => {
  test('the CLI: --workers n, a whole number, absent by default', () => {
    assert.equal(passOptionsFrom({ ...CLI, workers: '2' }).normalizeWorkers, 2);
    assert.equal(passOptionsFrom(CLI).normalizeWorkers, undefined);
    assert.throws(() => passOptionsFrom({ ...CLI, workers: '1.5' }), (error: unknown) => error instanceof ConfigError && error.message.includes('--workers'));
    assert.throws(() => passOptionsFrom({ ...CLI, workers: '-1' }), ConfigError);
  });

  test('the Lambda: NORMALIZE_WORKERS, 0 when unset', () => {
    assert.equal(readLambdaEnvironment({ ...LAMBDA, NORMALIZE_WORKERS: '3' }).pass.normalizeWorkers, 3);
    assert.equal(readLambdaEnvironment(LAMBDA).pass.normalizeWorkers, 0);
    assert.throws(() => readLambdaEnvironment({ ...LAMBDA, NORMALIZE_WORKERS: 'two' }), (error: unknown) => error instanceof ConfigError && error.message.includes('NORMALIZE_WORKERS'));
    assert.throws(() => readLambdaEnvironment({ ...LAMBDA, NORMALIZE_WORKERS: '0.5' }), ConfigError);
  });
});
