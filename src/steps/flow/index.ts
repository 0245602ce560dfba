/**
 * Flow steps and helpers (pass, wait; the ASL of choice, parallel and map is
 * assembled by the compiler from the DSL graph).
 */
export { passStep, passTemplate } from './pass.js';
export type { PassSpec } from './pass.js';
export { waitStep } from './wait.js';
export type { WaitSpec } from './wait.js';
