import { Random, deriveSeed } from '../../lambda/demo/random.ts';

/** The suite's random choices (kill times, fault draws), reproducible from FAULTS_SEED and a label per scenario. */
export function seededRandom(seed: number, label: string): Random {
  return new Random(deriveSeed(seed, label));
}

export type { Random };
