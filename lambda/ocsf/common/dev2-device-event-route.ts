import type { DefenderRow, OcsfRecord } from '../types.ts';
import type { Columns } from './columns.ts';
import type { DIRECTION_INBOUND, DIRECTION_OUTBOUND } from './dev2-network.ts';
import type { ControlOutcome } from './dev2-security-control.ts';

/** How a DeviceEvents ActionType becomes a record: the class builder and what the ActionType fixes. */
export interface Route {
  readonly build: Build;
  readonly activityId: number;
  /** The endpoint control's verdict, for detections, firewall blocks and device control. */
  readonly outcome?: ControlOutcome;
  readonly direction?: typeof DIRECTION_INBOUND | typeof DIRECTION_OUTBOUND;
  /** `injection_type_id` and caption (or source text for 99) of process injections. */
  readonly injection?: readonly [number, string];
}

/** Builds the route's record, or returns undefined when the row lacks what the class requires. */
export type Build = (row: DefenderRow, columns: Columns, route: Route) => OcsfRecord | undefined;
