/** The `waitForCallback` step: pause on a task token until a callback arrives. */
export { waitForCallback, readsTaskToken } from './callback.js';
export type { CallbackTarget, CallbackDeliveryError, WaitForCallbackOptions } from './callback.js';
