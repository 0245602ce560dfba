/**
 * Whole-document compile tests of every integration step, in both query
 * languages: the exact ASL a one-step pipeline compiles to, checked by our
 * validator and asl-validator 4.
 */
import { describe, expect, it } from 'vitest';
import type { AslDocument } from '../../src/asl/types.js';
import { compileOrThrow } from '../../src/index.js';
import { INTEGRATIONS } from './fixtures.js';
import { expectValidAsl } from './harness.js';

describe('compiling the integration steps', () => {
  it('lambda (JSONPath): a Lambda invocation with its payload, result placement and retry', () => {
    const doc = compileOrThrow(INTEGRATIONS.lambda, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Lambda score",
      "States": {
        "Lambda score": {
          "Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:000000000000:function:lambda-demo-dev-score",
          "Parameters": {
            "id.$": "$.orderId",
            "amount.$": "$.amount"
          },
          "ResultPath": "$.score",
          "Retry": [
            {
              "ErrorEquals": [
                "Lambda.ServiceException",
                "Lambda.TooManyRequestsException"
              ],
              "IntervalSeconds": 2,
              "MaxAttempts": 4,
              "JitterStrategy": "FULL"
            }
          ],
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('lambda (JSONata): a Lambda invocation with its payload, result placement and retry', () => {
    const doc = compileOrThrow(INTEGRATIONS.lambda, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Lambda score",
      "States": {
        "Lambda score": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:lambda-demo-dev-score",
            "Payload": {
              "id": "{% $states.input.orderId %}",
              "amount": "{% $states.input.amount %}"
            }
          },
          "Output": "{% $merge([$states.input, {\"score\": $states.result.Payload}]) %}",
          "Retry": [
            {
              "ErrorEquals": [
                "Lambda.ServiceException",
                "Lambda.TooManyRequestsException"
              ],
              "IntervalSeconds": 2,
              "MaxAttempts": 4,
              "JitterStrategy": "FULL"
            }
          ],
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('validate (JSONPath): the validator Lambda with its typed report placed under a key and a catch of invalid files', () => {
    const doc = compileOrThrow(INTEGRATIONS.validate, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Validate",
      "States": {
        "Validate": {
          "Type": "Task",
          "Resource": "arn:aws:lambda:us-east-1:000000000000:function:validate-demo-dev-validate",
          "Parameters": {
            "bucket.$": "$.bucket",
            "key.$": "$.key"
          },
          "ResultPath": "$.report",
          "Catch": [
            {
              "ErrorEquals": [
                "CsvValidation.Invalid"
              ],
              "Next": "Fail",
              "ResultPath": "$.error"
            }
          ],
          "End": true
        },
        "Fail": {
          "Type": "Fail",
          "Error": "Rejected"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('validate (JSONata): the validator Lambda with its typed report placed under a key and a catch of invalid files', () => {
    const doc = compileOrThrow(INTEGRATIONS.validate, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Validate",
      "States": {
        "Validate": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:validate-demo-dev-validate",
            "Payload": {
              "bucket": "{% $states.input.bucket %}",
              "key": "{% $states.input.key %}"
            }
          },
          "Output": "{% $merge([$states.input, {\"report\": $states.result.Payload}]) %}",
          "Catch": [
            {
              "ErrorEquals": [
                "CsvValidation.Invalid"
              ],
              "Next": "Fail",
              "Output": "{% $merge([$states.input, {\"error\": $states.errorOutput}]) %}"
            }
          ],
          "End": true
        },
        "Fail": {
          "Type": "Fail",
          "Error": "Rejected"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('glue (JSONPath): a Glue job run with typed arguments and a jittered retry', () => {
    const doc = compileOrThrow(INTEGRATIONS.glue, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Glue stage",
      "States": {
        "Glue stage": {
          "Type": "Task",
          "Resource": "arn:aws:states:::glue:startJobRun.sync",
          "Parameters": {
            "JobName": "glue-demo-dev-stage",
            "Arguments": {
              "--bucket.$": "$.bucket",
              "--key.$": "$.key",
              "--uri.$": "States.Format('s3://{}/{}', $.bucket, $.key)"
            }
          },
          "ResultPath": "$.run",
          "Retry": [
            {
              "ErrorEquals": [
                "Glue.ConcurrentRunsExceededException"
              ],
              "IntervalSeconds": 30,
              "MaxAttempts": 5,
              "BackoffRate": 2,
              "MaxDelaySeconds": 300,
              "JitterStrategy": "FULL"
            }
          ],
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('glue (JSONata): a Glue job run with typed arguments and a jittered retry', () => {
    const doc = compileOrThrow(INTEGRATIONS.glue, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Glue stage",
      "States": {
        "Glue stage": {
          "Type": "Task",
          "Resource": "arn:aws:states:::glue:startJobRun.sync",
          "Arguments": {
            "JobName": "glue-demo-dev-stage",
            "Arguments": {
              "--bucket": "{% $states.input.bucket %}",
              "--key": "{% $states.input.key %}",
              "--uri": "{% \"s3://\" & $states.input.bucket & \"/\" & $states.input.key %}"
            }
          },
          "Output": "{% $merge([$states.input, {\"run\": $states.result}]) %}",
          "Retry": [
            {
              "ErrorEquals": [
                "Glue.ConcurrentRunsExceededException"
              ],
              "IntervalSeconds": 30,
              "MaxAttempts": 5,
              "BackoffRate": 2,
              "MaxDelaySeconds": 300,
              "JitterStrategy": "FULL"
            }
          ],
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('redshift (JSONPath): a Data API statement with its bounded poll loop in a Parallel state', () => {
    const doc = compileOrThrow(INTEGRATIONS.redshift, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Redshift load",
      "States": {
        "Redshift load": {
          "Type": "Parallel",
          "Branches": [
            {
              "StartAt": "Redshift load: execute",
              "States": {
                "Redshift load: execute": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
                  "Parameters": {
                    "ClusterIdentifier": "main",
                    "Database": "dw",
                    "DbUser": "etl",
                    "Sql": "call etl.load(:key)",
                    "Parameters": [
                      {
                        "Name": "key",
                        "Value.$": "$.key"
                      }
                    ]
                  },
                  "ResultSelector": {
                    "Id.$": "$.Id",
                    "Polls": 0
                  },
                  "Next": "Redshift load: wait"
                },
                "Redshift load: wait": {
                  "Type": "Wait",
                  "Seconds": 10,
                  "Next": "Redshift load: describe"
                },
                "Redshift load: describe": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
                  "Parameters": {
                    "Id.$": "$.Id"
                  },
                  "ResultPath": "$.Statement",
                  "Next": "Redshift load: count polls"
                },
                "Redshift load: count polls": {
                  "Type": "Pass",
                  "Parameters": {
                    "Id.$": "$.Id",
                    "Polls.$": "States.MathAdd($.Polls, 1)",
                    "Statement.$": "$.Statement"
                  },
                  "Next": "Redshift load: check status"
                },
                "Redshift load: check status": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "Variable": "$.Statement.Status",
                      "StringEquals": "FINISHED",
                      "Next": "Redshift load: finished"
                    },
                    {
                      "Variable": "$.Statement.Status",
                      "StringEquals": "FAILED",
                      "Next": "Redshift load: failed"
                    },
                    {
                      "Variable": "$.Statement.Status",
                      "StringEquals": "ABORTED",
                      "Next": "Redshift load: aborted"
                    },
                    {
                      "Variable": "$.Polls",
                      "NumericGreaterThanEquals": 30,
                      "Next": "Redshift load: poll timeout"
                    }
                  ],
                  "Default": "Redshift load: wait"
                },
                "Redshift load: finished": {
                  "Type": "Succeed",
                  "OutputPath": "$.Statement"
                },
                "Redshift load: failed": {
                  "Type": "Fail",
                  "Error": "Redshift.StatementFailed",
                  "CausePath": "$.Statement.Error"
                },
                "Redshift load: aborted": {
                  "Type": "Fail",
                  "Error": "Redshift.StatementAborted",
                  "Cause": "The statement was cancelled (ABORTED) before it finished"
                },
                "Redshift load: poll timeout": {
                  "Type": "Fail",
                  "Error": "Redshift.PollTimeout",
                  "Cause": "The statement did not finish within 30 polls 10s apart"
                }
              }
            }
          ],
          "ResultSelector": {
            "Id.$": "$[0].Id",
            "Status.$": "$[0].Status",
            "ResultRows.$": "$[0].ResultRows",
            "HasResultSet.$": "$[0].HasResultSet"
          },
          "ResultPath": "$.load",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('redshift (JSONata): a Data API statement with its bounded poll loop in a Parallel state', () => {
    const doc = compileOrThrow(INTEGRATIONS.redshift, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Redshift load",
      "States": {
        "Redshift load": {
          "Type": "Parallel",
          "Branches": [
            {
              "StartAt": "Redshift load: execute",
              "States": {
                "Redshift load: execute": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
                  "Arguments": {
                    "ClusterIdentifier": "main",
                    "Database": "dw",
                    "DbUser": "etl",
                    "Sql": "call etl.load(:key)",
                    "Parameters": [
                      {
                        "Name": "key",
                        "Value": "{% $states.input.key %}"
                      }
                    ]
                  },
                  "Output": "{% { 'Id': $states.result.Id, 'Polls': 0 } %}",
                  "Next": "Redshift load: wait"
                },
                "Redshift load: wait": {
                  "Type": "Wait",
                  "Seconds": 10,
                  "Next": "Redshift load: describe"
                },
                "Redshift load: describe": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
                  "Arguments": {
                    "Id": "{% $states.input.Id %}"
                  },
                  "Output": "{% { 'Id': $states.input.Id, 'Polls': $states.input.Polls + 1, 'Statement': $states.result } %}",
                  "Next": "Redshift load: check status"
                },
                "Redshift load: check status": {
                  "Type": "Choice",
                  "Choices": [
                    {
                      "Condition": "{% $states.input.Statement.Status = 'FINISHED' %}",
                      "Next": "Redshift load: finished"
                    },
                    {
                      "Condition": "{% $states.input.Statement.Status = 'FAILED' %}",
                      "Next": "Redshift load: failed"
                    },
                    {
                      "Condition": "{% $states.input.Statement.Status = 'ABORTED' %}",
                      "Next": "Redshift load: aborted"
                    },
                    {
                      "Condition": "{% $states.input.Polls >= 30 %}",
                      "Next": "Redshift load: poll timeout"
                    }
                  ],
                  "Default": "Redshift load: wait"
                },
                "Redshift load: finished": {
                  "Type": "Succeed",
                  "Output": "{% $states.input.Statement %}"
                },
                "Redshift load: failed": {
                  "Type": "Fail",
                  "Error": "Redshift.StatementFailed",
                  "Cause": "{% $exists($states.input.Statement.Error) ? $string($states.input.Statement.Error) : 'The statement failed' %}"
                },
                "Redshift load: aborted": {
                  "Type": "Fail",
                  "Error": "Redshift.StatementAborted",
                  "Cause": "The statement was cancelled (ABORTED) before it finished"
                },
                "Redshift load: poll timeout": {
                  "Type": "Fail",
                  "Error": "Redshift.PollTimeout",
                  "Cause": "The statement did not finish within 30 polls 10s apart"
                }
              }
            }
          ],
          "Output": "{% $merge([$states.input, {\"load\": { 'Id': $states.result[0].Id, 'Status': $states.result[0].Status, 'ResultRows': $states.result[0].ResultRows, 'HasResultSet': $states.result[0].HasResultSet }}]) %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('notify (JSONPath): an SNS publish whose result is discarded', () => {
    const doc = compileOrThrow(INTEGRATIONS.notify, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Notify notify-alerts",
      "States": {
        "Notify notify-alerts": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sns:publish",
          "Parameters": {
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:notify-demo-dev-alerts",
            "Message": {
              "file.$": "$.key"
            },
            "Subject": "Loaded"
          },
          "ResultPath": null,
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('notify (JSONata): an SNS publish whose result is discarded', () => {
    const doc = compileOrThrow(INTEGRATIONS.notify, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Notify notify-alerts",
      "States": {
        "Notify notify-alerts": {
          "Type": "Task",
          "Resource": "arn:aws:states:::sns:publish",
          "Arguments": {
            "TopicArn": "arn:aws:sns:us-east-1:000000000000:notify-demo-dev-alerts",
            "Message": {
              "file": "{% $states.input.key %}"
            },
            "Subject": "Loaded"
          },
          "Output": "{% $states.input %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('s3Copy, s3Move and s3Delete (JSONPath): a copy, a move (copy + delete) and a delete', () => {
    const doc = compileOrThrow(INTEGRATIONS.s3, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "S3 copy backup",
      "States": {
        "S3 copy backup": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:copyObject",
          "Parameters": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "CopySource.$": "States.Format('s3-demo-dev-data-000000000000/{}', $.key)",
            "Key.$": "States.Format('backup/{}', States.ArrayGetItem(States.StringSplit($.key, '/'), States.MathAdd(States.ArrayLength(States.StringSplit($.key, '/')), -1)))"
          },
          "ResultPath": null,
          "Next": "S3 move archive"
        },
        "S3 move archive": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:copyObject",
          "Parameters": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "CopySource.$": "States.Format('s3-demo-dev-data-000000000000/{}', $.key)",
            "Key.$": "States.Format('archive/{}', States.ArrayGetItem(States.StringSplit($.key, '/'), States.MathAdd(States.ArrayLength(States.StringSplit($.key, '/')), -1)))"
          },
          "ResultPath": null,
          "Next": "S3 move archive.Delete"
        },
        "S3 move archive.Delete": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:deleteObject",
          "Parameters": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "Key.$": "$.key"
          },
          "ResultPath": null,
          "Next": "S3 delete cleanup"
        },
        "S3 delete cleanup": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:deleteObject",
          "Parameters": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "Key.$": "States.Format('backup/{}', $.key)"
          },
          "ResultPath": null,
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('s3Copy, s3Move and s3Delete (JSONata): a copy, a move (copy + delete) and a delete', () => {
    const doc = compileOrThrow(INTEGRATIONS.s3, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "S3 copy backup",
      "States": {
        "S3 copy backup": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:copyObject",
          "Arguments": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "CopySource": "{% \"s3-demo-dev-data-000000000000/\" & $join($map($split($states.input.key, \"/\"), $encodeUrlComponent), \"/\") %}",
            "Key": "{% \"backup/\" & $split($states.input.key, \"/\")[-1] %}"
          },
          "Output": "{% $states.input %}",
          "Next": "S3 move archive"
        },
        "S3 move archive": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:copyObject",
          "Arguments": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "CopySource": "{% \"s3-demo-dev-data-000000000000/\" & $join($map($split($states.input.key, \"/\"), $encodeUrlComponent), \"/\") %}",
            "Key": "{% \"archive/\" & $split($states.input.key, \"/\")[-1] %}"
          },
          "Output": "{% $states.input %}",
          "Next": "S3 move archive.Delete"
        },
        "S3 move archive.Delete": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:deleteObject",
          "Arguments": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "Key": "{% $states.input.key %}"
          },
          "Output": "{% $states.input %}",
          "Next": "S3 delete cleanup"
        },
        "S3 delete cleanup": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:s3:deleteObject",
          "Arguments": {
            "Bucket": "s3-demo-dev-data-000000000000",
            "Key": "{% \"backup/\" & $states.input.key %}"
          },
          "Output": "{% $states.input %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('subflow (JSONPath): a child execution with its typed input', () => {
    const doc = compileOrThrow(INTEGRATIONS.subflow, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Subflow scoring",
      "States": {
        "Subflow scoring": {
          "Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Parameters": {
            "StateMachineArn": "arn:aws:states:us-east-1:000000000000:stateMachine:subflow-demo-dev-scoring",
            "Input": {
              "id.$": "$.order.orderId",
              "amount.$": "$.order.amount"
            }
          },
          "ResultSelector": {
            "Output.$": "$.Output",
            "ExecutionArn.$": "$.ExecutionArn"
          },
          "ResultPath": "$.scoring",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('subflow (JSONata): a child execution with its typed input', () => {
    const doc = compileOrThrow(INTEGRATIONS.subflow, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Subflow scoring",
      "States": {
        "Subflow scoring": {
          "Type": "Task",
          "Resource": "arn:aws:states:::states:startExecution.sync:2",
          "Arguments": {
            "StateMachineArn": "arn:aws:states:us-east-1:000000000000:stateMachine:subflow-demo-dev-scoring",
            "Input": {
              "id": "{% $states.input.order.orderId %}",
              "amount": "{% $states.input.order.amount %}"
            }
          },
          "Output": "{% $merge([$states.input, {\"scoring\": { 'Output': $states.result.Output, 'ExecutionArn': $states.result.ExecutionArn }}]) %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('waitForCallback (JSONPath): a task-token callback with a heartbeat', () => {
    const doc = compileOrThrow(INTEGRATIONS.waitForCallback, { queryLanguage: 'JSONPath' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONPath",
      "StartAt": "Wait for callback approval",
      "States": {
        "Wait for callback approval": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:callback-demo-dev-approver",
            "Payload": {
              "token.$": "$$.Task.Token",
              "orderId.$": "$.orderId"
            }
          },
          "HeartbeatSeconds": 3600,
          "ResultPath": "$.approval",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  it('waitForCallback (JSONata): a task-token callback with a heartbeat', () => {
    const doc = compileOrThrow(INTEGRATIONS.waitForCallback, { queryLanguage: 'JSONata' });
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Wait for callback approval",
      "States": {
        "Wait for callback approval": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:callback-demo-dev-approver",
            "Payload": {
              "token": "{% $states.context.Task.Token %}",
              "orderId": "{% $states.input.orderId %}"
            }
          },
          "HeartbeatSeconds": 3600,
          "Output": "{% $merge([$states.input, {\"approval\": $states.result}]) %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

});
