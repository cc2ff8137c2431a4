import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';

const CLI = new URL('../../bin/defender-forwarder.mjs', import.meta.url).pathname;

test('the embedded demo (npm start) forwards a generated export, then only the appended rows, then nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'demo-'));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'demo', '--out', dir, '--rows', '200', '--json'], { timeout: 120_000 });
    const last = JSON.parse(stdout.trim().split('\n').pop()!);
    assert.equal(last.bytesRead, 0, 'the third pass reads nothing');
    assert.match(stdout, /Appended (\d+) rows/);
    const classes = await readdir(join(dir, 'ocsf'));
    assert.ok(classes.includes('class=process_activity') && classes.includes('class=network_activity') && classes.includes('class=base_event'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
