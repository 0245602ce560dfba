import type { Resource } from '../model.js';
import { bucketDriver, objectDriver } from './bucket.js';
import type { Driver } from './driver.js';
import { functionDriver } from './function.js';
import { glueJobDriver } from './glue-job.js';
import { notificationDriver } from './notification.js';
import { roleDriver } from './role.js';
import { stateMachineDriver } from './state-machine.js';
import { topicDriver } from './topic.js';

export type { Driver, Observation } from './driver.js';

/** The driver of a resource's kind. */
export function driverFor<R extends Resource>(r: R): Driver<R> {
  const drivers: { [K in Resource['kind']]: Driver<Extract<Resource, { kind: K }>> } = {
    role: roleDriver,
    bucket: bucketDriver,
    object: objectDriver,
    function: functionDriver,
    'glue-job': glueJobDriver,
    topic: topicDriver,
    'bucket-notification': notificationDriver,
    'state-machine': stateMachineDriver,
  };
  return drivers[r.kind] as unknown as Driver<R>;
}
