// Placeholder until the pipeline lands: the Lambda entry point.
export async function handler(): Promise<void> {
  throw new Error('not implemented yet');
}
