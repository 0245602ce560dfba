/**
 * Whole-document compile tests: every flow state in JSONata,
 * compared with the full expected ASL and checked by both validators.
 */
import { describe, expect, test } from 'vitest';
import type { AslDocument, QueryLanguage } from '../../src/asl/types.js';
import { compile } from '../../src/compile/index.js';
import type { AnyChain } from '../../src/dsl/chain.js';
import { expectValidAsl } from '../helpers/asl-judge.js';
import * as sc from './scenarios.js';

function compileOk(p: AnyChain, queryLanguage: QueryLanguage): AslDocument {
  const result = compile(p, { queryLanguage });
  if (result.isErr()) throw new Error(JSON.stringify(result.error, null, 2));
  return result.value;
}

describe('compile (JSONata)', () => {
  test('a Pass state passes the state through, injects a literal result, or builds a value from the state with a template', () => {
    // given
    const pipeline = sc.passes;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Pass",
      "States": {
        "Pass": {
          "Type": "Pass",
          "Next": "Pass 2"
        },
        "Pass 2": {
          "Type": "Pass",
          "Output": "{% $merge([$states.input, {\"meta\": {\"source\":\"csv\",\"version\":2}}]) %}",
          "Next": "Shape"
        },
        "Shape": {
          "Type": "Pass",
          "Output": "{% {\"id\": $states.input.id, \"firstSku\": $states.input.items[0].sku, \"execution\": $states.context.Execution.Id, \"label\": \"order \" & $states.input.id} %}",
          "Next": "Nothing"
        },
        "Nothing": {
          "Type": "Pass",
          "Output": "{% $states.input %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a Wait state waits a fixed duration, seconds from the state, until a timestamp, or until a timestamp from the state', () => {
    // given
    const pipeline = sc.waits;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Wait",
      "States": {
        "Wait": {
          "Type": "Wait",
          "Seconds": 120,
          "Next": "Wait 2"
        },
        "Wait 2": {
          "Type": "Wait",
          "Seconds": "{% $states.input.delay %}",
          "Next": "Wait 3"
        },
        "Wait 3": {
          "Type": "Wait",
          "Timestamp": "2030-01-01T00:00:00Z",
          "Next": "Until deadline"
        },
        "Until deadline": {
          "Type": "Wait",
          "Timestamp": "{% $states.input.deadline %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a Choice state renders typed rules with and/or/not, presence, glob, timestamp and field-to-field comparisons; branches rejoin or end', () => {
    // given
    const pipeline = sc.choices;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Choice",
      "States": {
        "Choice": {
          "Type": "Choice",
          "Choices": [
            {
              "Condition": "{% ($states.input.count > 10 and $states.input.paid = true) %}",
              "Next": "Big"
            },
            {
              "Condition": "{% ($exists($states.input.email) or $not($contains($states.input.id, /^test-.*$/))) %}",
              "Next": "Contact"
            },
            {
              "Condition": "{% $toMillis($states.input.createdAt) < $toMillis($states.input.deadline) %}",
              "Next": "Early"
            }
          ],
          "Default": "Unsized"
        },
        "Big": {
          "Type": "Pass",
          "Output": "{% $merge([$states.input, {\"size\": \"big\"}]) %}",
          "Next": "Task record"
        },
        "Contact": {
          "Type": "Pass",
          "Output": "{% $merge([$states.input, {\"size\": \"contact\"}]) %}",
          "Next": "Task record"
        },
        "Early": {
          "Type": "Succeed"
        },
        "Unsized": {
          "Type": "Fail",
          "Error": "Order.Unsized",
          "Cause": "{% $states.input.id %}"
        },
        "Task record": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:choices-dev-record",
            "Payload": {
              "id": "{% $states.input.id %}",
              "size": "{% $states.input.size %}"
            }
          },
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a Choice state without otherwise continues to the next state when no rule matches', () => {
    // given
    const pipeline = sc.choiceFallThrough;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Choice",
      "States": {
        "Choice": {
          "Type": "Choice",
          "Choices": [
            {
              "Condition": "{% $states.input.count <= 0 %}",
              "Next": "Fail"
            }
          ],
          "Default": "After"
        },
        "Fail": {
          "Type": "Fail",
          "Error": "Order.Empty",
          "Cause": "no items"
        },
        "After": {
          "Type": "Pass",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('Succeed and Fail states end their branch; a Fail cause can be formatted from the state', () => {
    // given
    const pipeline = sc.terminals;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Choice",
      "States": {
        "Choice": {
          "Type": "Choice",
          "Choices": [
            {
              "Condition": "{% $states.input.paid = false %}",
              "Next": "Fail"
            }
          ],
          "Default": "Succeed"
        },
        "Fail": {
          "Type": "Fail",
          "Error": "Order.Unpaid",
          "Cause": "{% \"order \" & $states.input.id & \" is unpaid\" %}"
        },
        "Succeed": {
          "Type": "Succeed",
          "Comment": "all good"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a Parallel state runs its branches on the state and places the tuple of results', () => {
    // given
    const pipeline = sc.parallels;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Both",
      "States": {
        "Both": {
          "Type": "Parallel",
          "Branches": [
            {
              "StartAt": "Task left",
              "States": {
                "Task left": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {
                    "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:parallels-dev-left"
                  },
                  "End": true
                }
              }
            },
            {
              "StartAt": "Pass",
              "States": {
                "Pass": {
                  "Type": "Pass",
                  "Output": "{% {\"n\": $states.input.count} %}",
                  "End": true
                }
              }
            }
          ],
          "Output": "{% $merge([$states.input, {\"both\": $states.result}]) %}",
          "Retry": [
            {
              "ErrorEquals": [
                "States.BranchFailed"
              ],
              "MaxAttempts": 1
            }
          ],
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('an inline Map state iterates an array field of the state', () => {
    // given
    const pipeline = sc.maps;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Map",
      "States": {
        "Map": {
          "Type": "Map",
          "Items": "{% $states.input.items %}",
          "ItemProcessor": {
            "ProcessorConfig": {
              "Mode": "INLINE"
            },
            "StartAt": "Task price",
            "States": {
              "Task price": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {
                  "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:maps-dev-price",
                  "Payload": {
                    "sku": "{% $states.input.sku %}",
                    "qty": "{% $states.input.qty %}"
                  }
                },
                "End": true
              }
            }
          },
          "MaxConcurrency": 4,
          "Output": "{% $merge([$states.input, {\"prices\": $states.result}]) %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a distributed Map state reads a CSV object from S3 with given headers', () => {
    // given
    const pipeline = sc.distributed;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Map",
      "States": {
        "Map": {
          "Type": "Map",
          "ItemReader": {
            "Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {
              "InputType": "CSV",
              "CSVHeaderLocation": "GIVEN",
              "CSVHeaders": [
                "order_id",
                "amount"
              ],
              "CSVDelimiter": "SEMICOLON",
              "MaxItems": 1000
            },
            "Arguments": {
              "Bucket": "orders-data",
              "Key": "{% $states.input.key %}"
            }
          },
          "ItemProcessor": {
            "ProcessorConfig": {
              "Mode": "DISTRIBUTED",
              "ExecutionType": "STANDARD"
            },
            "StartAt": "Task load-row",
            "States": {
              "Task load-row": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {
                  "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:distributed-dev-load-row",
                  "Payload": {
                    "id": "{% $states.input.order_id %}"
                  }
                },
                "Output": "{% $states.input %}",
                "End": true
              }
            }
          },
          "MaxConcurrency": 100,
          "ToleratedFailurePercentage": 5,
          "Label": "rows",
          "Output": "{% $states.input %}",
          "End": true
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a Task state gets its timeouts, Retry policies and Catch handlers with States.ALL last; handlers get the error under error', () => {
    // given
    const pipeline = sc.guarded;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Task charge",
      "States": {
        "Task charge": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:guarded-dev-charge",
            "Payload": {
              "id": "{% $states.input.id %}"
            }
          },
          "TimeoutSeconds": 300,
          "HeartbeatSeconds": 60,
          "Output": "{% $merge([$states.input, {\"payment\": $states.result}]) %}",
          "Retry": [
            {
              "ErrorEquals": [
                "Pay.Throttled"
              ],
              "IntervalSeconds": 30,
              "MaxAttempts": 5,
              "BackoffRate": 2,
              "MaxDelaySeconds": 300,
              "JitterStrategy": "FULL"
            },
            {
              "ErrorEquals": [
                "States.ALL"
              ],
              "MaxAttempts": 1
            }
          ],
          "Catch": [
            {
              "ErrorEquals": [
                "Pay.Declined"
              ],
              "Next": "Task notify-declined",
              "Output": "{% $merge([$states.input, {\"error\": $states.errorOutput}]) %}"
            },
            {
              "ErrorEquals": [
                "States.ALL"
              ],
              "Next": "Fail",
              "Output": "{% $merge([$states.input, {\"error\": $states.errorOutput}]) %}"
            }
          ],
          "End": true
        },
        "Task notify-declined": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:guarded-dev-notify-declined",
            "Payload": {
              "id": "{% $states.input.id %}",
              "why": "{% $states.input.error.Cause %}"
            }
          },
          "End": true
        },
        "Fail": {
          "Type": "Fail",
          "Error": "Pay.Failed",
          "Cause": "{% $states.input.error.Cause %}"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('a macro step expands into several states named after the step, with Retry on its Task states and the result placed on its exit', () => {
    // given
    const pipeline = sc.macro;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Poll load",
      "States": {
        "Poll load": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:redshiftdata:executeStatement",
          "Retry": [
            {
              "ErrorEquals": [
                "States.TaskFailed"
              ],
              "MaxAttempts": 2
            }
          ],
          "Next": "Poll load.Wait"
        },
        "Poll load.Wait": {
          "Type": "Wait",
          "Seconds": 5,
          "Next": "Poll load.Check"
        },
        "Poll load.Check": {
          "Type": "Task",
          "Resource": "arn:aws:states:::aws-sdk:redshiftdata:describeStatement",
          "Retry": [
            {
              "ErrorEquals": [
                "States.TaskFailed"
              ],
              "MaxAttempts": 2
            }
          ],
          "Next": "Poll load.Done?"
        },
        "Poll load.Done?": {
          "Type": "Choice",
          "Choices": [
            {
              "Condition": "{% $states.input.Status = \"FINISHED\" %}",
              "Next": "Poll load.Result"
            },
            {
              "Condition": "{% $states.input.Status = \"FAILED\" %}",
              "Next": "Poll load.Failed"
            }
          ],
          "Default": "Poll load.Wait"
        },
        "Poll load.Result": {
          "Type": "Pass",
          "Output": "{% $merge([$states.input, {\"load\": $states.input}]) %}",
          "Next": "Succeed"
        },
        "Poll load.Failed": {
          "Type": "Fail",
          "Error": "Poll.Failed"
        },
        "Succeed": {
          "Type": "Succeed"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });

  test('compensations run in reverse order from the failing step, each on the state saved after its step, then the execution fails with the original error', () => {
    // given
    const pipeline = sc.saga;
    // when
    const doc = compileOk(pipeline, 'JSONata');
    // then
    expect(doc).toStrictEqual({
      "QueryLanguage": "JSONata",
      "StartAt": "Task reserve",
      "States": {
        "Task reserve": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:saga-dev-reserve"
          },
          "Output": "{% $merge([$states.input, {\"reserve\": $states.result}]) %}",
          "Next": "Save Task reserve"
        },
        "Save Task reserve": {
          "Type": "Pass",
          "Assign": {
            "saga_1": "{% $states.input %}"
          },
          "Next": "Task charge"
        },
        "Task charge": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:saga-dev-charge"
          },
          "Output": "{% $merge([$states.input, {\"charge\": $states.result}]) %}",
          "Catch": [
            {
              "ErrorEquals": [
                "States.ALL"
              ],
              "Next": "Compensate Task reserve",
              "Output": "{% $merge([$states.input, {\"error\": $states.errorOutput}]) %}"
            }
          ],
          "Next": "Save Task charge"
        },
        "Save Task charge": {
          "Type": "Pass",
          "Assign": {
            "saga_2": "{% $states.input %}"
          },
          "Next": "Task ship"
        },
        "Task ship": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:saga-dev-ship"
          },
          "Output": "{% $states.input %}",
          "Catch": [
            {
              "ErrorEquals": [
                "States.ALL"
              ],
              "Next": "Compensate Task charge",
              "Output": "{% $merge([$states.input, {\"error\": $states.errorOutput}]) %}"
            }
          ],
          "End": true
        },
        "Compensate Task charge": {
          "Type": "Pass",
          "Assign": {
            "sagaError": "{% $states.input.error %}"
          },
          "Next": "Restore Task charge"
        },
        "Restore Task charge": {
          "Type": "Pass",
          "Output": "{% $saga_2 %}",
          "Next": "Undo Task charge"
        },
        "Undo Task charge": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:saga-dev-refund"
          },
          "Output": "{% $states.input %}",
          "Retry": [
            {
              "ErrorEquals": [
                "States.ALL"
              ],
              "MaxAttempts": 3
            }
          ],
          "Next": "Restore Task reserve"
        },
        "Compensate Task reserve": {
          "Type": "Pass",
          "Assign": {
            "sagaError": "{% $states.input.error %}"
          },
          "Next": "Restore Task reserve"
        },
        "Restore Task reserve": {
          "Type": "Pass",
          "Output": "{% $saga_1 %}",
          "Next": "Undo Task reserve"
        },
        "Undo Task reserve": {
          "Type": "Task",
          "Resource": "arn:aws:states:::lambda:invoke",
          "Arguments": {
            "FunctionName": "arn:aws:lambda:us-east-1:000000000000:function:saga-dev-release",
            "Payload": {
              "reservation": "{% $states.input.reserve.reservation %}"
            }
          },
          "Output": "{% $states.input %}",
          "Next": "Saga error"
        },
        "Saga error": {
          "Type": "Pass",
          "Output": "{% $sagaError %}",
          "Next": "Saga failed"
        },
        "Saga failed": {
          "Type": "Fail",
          "Error": "{% $states.input.Error %}",
          "Cause": "{% $states.input.Cause %}"
        }
      }
    } satisfies AslDocument);
    expectValidAsl(doc);
  });
});
