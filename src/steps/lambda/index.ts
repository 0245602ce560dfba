/** The `lambda` step and typed Lambda function references. */
export { lambda, LAMBDA_ERRORS, invokeStatement, lambdaInvokeArn, renderInvoke } from './lambda.js';
export type { LambdaErrorName, LambdaOptions, LambdaArgs, PayloadFn } from './lambda.js';
export { lambdaFunction, existingLambda, functionArn, functionDeployables, packagedFunction, checkLogicalId } from './function.js';
export type { AnyHandler, HandlerInput, HandlerOutput, LambdaFunction, LambdaFunctionOptions, LambdaSource } from './function.js';
