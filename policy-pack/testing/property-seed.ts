/**
 * Property tests (fast-check) draw new cases on every run, which is how they find what no one wrote
 * down; CI needs a verdict that does not change between two runs of the same commit. So under CI
 * (`CI` set) every property runs from one seed, `FC_SEED` if given; elsewhere fast-check picks a
 * seed and prints it with any failure (`FC_SEED=<seed> npm test` replays it).
 */
import fc from "fast-check";

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : process.env.CI ? 20261125 : undefined;
if (seed !== undefined && Number.isInteger(seed)) fc.configureGlobal({ seed });
