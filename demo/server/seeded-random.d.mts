/** Types for seeded-random.mjs, which the TypeScript tests import too. */
export declare function seededRandom(seed: number | string): () => number;
