/** The `notify` step (SNS publish) and topic references. */
export { notify, SNS_ERRORS, publishStatement } from './notify.js';
export type { SnsErrorName, PublishResult, MessageFn, NotifyOptions } from './notify.js';
export { topic, existingTopic, topicArn, topicDeployables } from './topic.js';
export type { Topic } from './topic.js';
