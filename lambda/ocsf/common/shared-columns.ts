import { column } from './columns.ts';

/** Columns that several Device*Events mappers read. */
export const ADDITIONAL_FIELDS = column('AdditionalFields');
/** In `AdditionalFields` of aggregated reports: how many events the row stands for. */
export const UNIQUE_EVENTS_AGGREGATED = column('uniqueEventsAggregated');
