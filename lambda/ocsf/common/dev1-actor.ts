import type { Columns } from './columns.ts';
import { INITIATING_PROCESS, processOf } from './process.ts';
import { isEmpty, toInteger } from './values.ts';

/**
 * The initiating process → OCSF `process`, or undefined when Defender reports none: rows without
 * one (network inspection, some failed logons) carry `InitiatingProcessId` 0 and nothing else, and
 * a bare `{pid: 0}` would claim the System Idle process. Those zeros stay raw under `unmapped`.
 */
export function initiatingProcessOf(columns: Columns): Record<string, unknown> | undefined {
  const values = columns.values;
  if (
    toInteger(values.InitiatingProcessId) === 0 &&
    isEmpty(values.InitiatingProcessFileName) &&
    isEmpty(values.InitiatingProcessFolderPath) &&
    isEmpty(values.InitiatingProcessCommandLine) &&
    isEmpty(values.InitiatingProcessSHA1) &&
    isEmpty(values.InitiatingProcessUniqueId)
  ) {
    return undefined;
  }
  return processOf(columns, INITIATING_PROCESS);
}
