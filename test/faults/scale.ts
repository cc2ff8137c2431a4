/**
 * One set of scenario files serves both suites: `npm test` runs them reduced (< 3 minutes on two
 * cores), `npm run test:faults` sets FAULTS_FULL=1 for more rows, more kills and more rounds.
 * FAULTS_SEED replays a run with other random choices (kill times, fault draws, table mix).
 */
export const FULL = process.env.FAULTS_FULL === '1';

export const SEED = Number(process.env.FAULTS_SEED ?? 20_261_120);

export function scale<T>(reduced: T, full: T): T {
  return FULL ? full : reduced;
}

/** Rows in the export each fault scenario runs over. */
export const EXPORT_ROWS = scale(30_000, 120_000);

/** Hours of export (per table and tenant, one blob each). */
export const EXPORT_HOURS = scale(3, 6);
