import { appendFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import type { InvariantReport } from './invariant.ts';

/** What one scenario did, for docs/reliability.md: printed as a test diagnostic, and appended to FAULTS_FIGURES_FILE when set. */
export interface ScenarioFigures {
  readonly scenario: string;
  /** Rows in the export the scenario ran over. */
  readonly rows: number;
  /** Passes started, killed and failed ones included. */
  readonly passes: number;
  readonly kills?: number;
  /** Faults injected, by kind. */
  readonly faults: Readonly<Record<string, number>>;
  readonly report: InvariantReport;
  readonly seconds?: number;
}

export function recordFigures(t: TestContext, figures: ScenarioFigures): void {
  const { samples: _samples, ...report } = figures.report;
  const line = JSON.stringify({ ...figures, report });
  t.diagnostic(`figures ${line}`);
  const file = process.env.FAULTS_FIGURES_FILE;
  if (file) appendFileSync(file, line + '\n');
}
