/**
 * The CLI (the same `main` as bin/defender-forwarder.mjs) in a child process that, once the command
 * returns, prints its own peak resident set size on stderr as `FAULT_MAX_RSS_BYTES <n>`: how the
 * fault suite proves a pass stays within bounded memory without relying on /usr/bin/time.
 *
 * `node --import tsx test/support/fault-rss-cli.ts run --connection-string … --json`
 */
import { main } from '../../lambda/cli.ts';

const code = await main(process.argv.slice(2));
// resourceUsage().maxRSS is in kilobytes.
process.stderr.write(`FAULT_MAX_RSS_BYTES ${process.resourceUsage().maxRSS * 1024}\n`);
process.exitCode = code;
