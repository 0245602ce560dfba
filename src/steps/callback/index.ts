/** The `waitForCallback` step: pause on a task token until a callback arrives. */
export { waitForCallback, readsTaskToken, callbackOutput } from './callback.js';
export type { CallbackTarget, CallbackDeliveryError, CallbackOutput, CallbackPayload, WaitForCallbackOptions } from './callback.js';
