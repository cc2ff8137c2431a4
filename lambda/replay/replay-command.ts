import { logLevel, parseStrict } from '../cli.ts';
import { openSink } from '../batches/open-sink.ts';
import { DeadLetterStore } from '../dead-letter/dead-letter-store.ts';
import { ConfigError } from '../errors.ts';
import { openObjectStore } from '../storage/store-uri.ts';
import { stderrLog } from '../telemetry/log.ts';
import { replayDeadLetters } from './replay.ts';

/** `defender-forwarder replay --dead-letter <uri> --sink <uri>`. */
export async function replayCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseStrict(argv, {
    'dead-letter': { type: 'string' },
    sink: { type: 'string' },
    gzip: { type: 'boolean' },
    json: { type: 'boolean' },
    'log-level': { type: 'string' },
  });
  const problems: string[] = [];
  if (!values['dead-letter']) problems.push('--dead-letter <uri> is required (file://<dir> or s3://<bucket>/<prefix>)');
  if (!values.sink) problems.push('--sink <uri> is required');
  if (problems.length) throw new ConfigError(problems.join('; '));
  const log = stderrLog(logLevel(values['log-level']));
  const store = openObjectStore(values['dead-letter']!, '--dead-letter');
  // Rows that fail again are not written anywhere new: they stay in their dead-letter objects.
  const failedAgain = new DeadLetterStore(store.child('_replay-failures'));
  const sink = openSink(values.sink!, { gzip: values.gzip === true, deadLetter: failedAgain, log });
  try {
    const summary = await replayDeadLetters(store, sink, log);
    await failedAgain.flush();
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      const failing = Object.entries(summary.stillFailing).map(([k, v]) => `${k}=${v}`).join(', ') || 'none';
      process.stdout.write(
        `dead-letter entries ${summary.entries}: replayed ${summary.replayed}, already replayed ${summary.alreadyReplayed}, ` +
          `still failing ${failing}, not replayable ${summary.notReplayable}\n`,
      );
    }
    return 0;
  } finally {
    await sink.close();
  }
}
