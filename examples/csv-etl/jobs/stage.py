"""Glue Python shell job `stage` of the CSV ETL (the AWS twin of stage.ts).

Loads one CSV object into the stage table through the Redshift Data API and
archives the file:

1. read the header line (first 64 KiB) and turn it into a column list, each
   name checked as a SQL identifier and double-quoted;
2. one BatchExecuteStatement (one transaction): delete the rows this object
   staged before, COPY the object, tag the new rows with the object key and
   run id -- so restaging a file replaces its rows, never doubles them. COPY
   reads a manifest (written first to --manifest-prefix + run id + '.manifest')
   listing exactly that object: COPY FROM 's3://b/source/a.csv' alone would load
   every key starting with it, a.csv.bak too;
3. poll DescribeStatement until the batch ends;
4. archive: copy to --archive-prefix + run id + '/' + key (archive/<run id>/source/a.csv:
   the run id, the execution name, is one per object version, so no two uploads share
   an archive key and a re-run reaches the same one), then delete the source (when
   the delete fails the copy is removed again, so the file stays under one prefix).

Data values reach Redshift only through COPY. Object keys and run ids become
SQL string literals only after a strict check (keys with a quote, a backslash
or a control character are refused).

Arguments (Glue passes them as --name value):
  --bucket, --key, --stage-table, --run-id, --archive-prefix (e.g. archive/: required,
  as deploy grants the job's role writes under that prefix only when the job has it),
  --manifest-prefix (e.g. manifests/: required, likewise),
  --redshift-database (default dev), and one of --redshift-workgroup or
  --redshift-cluster (with --redshift-secret-arn or --redshift-db-user, or
  neither for the job role's IAM identity),
  --copy-iam-role (default: the cluster's default role, IAM_ROLE default).
"""
import json
import re
import sys
import time

import boto3

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_IDENTIFIER = 127  # bytes in Redshift; only ASCII is allowed
RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
PREFIX = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*/$")
UNSAFE_KEY = re.compile(r"['\\\x00-\x1f\x7f]")
HEADER_BYTES = 64 * 1024


class JobError(Exception):
    """A failure with a message that says what to do (Glue shows it as the run's ErrorMessage)."""


def job_args(argv):
    """--name value pairs, as Glue passes job arguments. A --flag followed by another
    --name (or last) has the value "": it must not swallow the next argument's name."""
    args = {}
    i = 1
    while i < len(argv):
        if argv[i].startswith("--"):
            if i + 1 < len(argv) and not argv[i + 1].startswith("--"):
                args[argv[i]] = argv[i + 1]
                i += 2
            else:
                args[argv[i]] = ""
                i += 1
        else:
            i += 1
    return args


def required(args, name):
    value = args.get(name, "")
    if value == "":
        raise JobError(f"the job argument {name} is missing; pass it in the state's Arguments or the job's DefaultArguments")
    return value


def text(value):
    """A value in a message: JSON-quoted, so a quote or a line break in it cannot garble the one-line error."""
    return json.dumps(value, ensure_ascii=False)


def quote_ident(name, what="identifier"):
    """The same check and messages as checkSqlIdentifier in src/csv (stage.ts and transform.ts use it)."""
    if name == "":
        raise JobError(f'{what} {text(name)} is empty; give a name such as "orders"')
    if len(name) > MAX_IDENTIFIER:
        raise JobError(f"{what} {text(name)} is {len(name)} characters long; the limit is {MAX_IDENTIFIER}")
    if not IDENTIFIER.match(name):
        raise JobError(f"{what} {text(name)} is not a safe SQL identifier: use only ASCII letters, digits and _ and do not start with a digit")
    return f'"{name}"'


def quote_qualified(name, what):
    parts = name.split(".")
    if len(parts) > 2:
        raise JobError(f"{what}: name {text(name)} has more than one dot; use table or schema.table")
    try:
        return ".".join(quote_ident(p) for p in parts)
    except JobError as e:
        raise JobError(f"{what}: {e}") from None


def key_literal(key):
    if key == "" or UNSAFE_KEY.search(key):
        raise JobError(f"object key {text(key)} contains a quote, a backslash or a control character; rename the file (only such keys are refused)")
    return f"'{key}'"


def run_id_literal(run_id):
    if not RUN_ID.match(run_id):
        raise JobError(f"--run-id {text(run_id)} must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)")
    return f"'{run_id}'"


def header_columns(s3, bucket, key, delimiter=","):
    body = s3.get_object(Bucket=bucket, Key=key, Range=f"bytes=0-{HEADER_BYTES - 1}")["Body"].read()
    end = body.find(b"\n")
    if end < 0:
        raise JobError(f"s3://{bucket}/{key}: no header line ends within the first {HEADER_BYTES} bytes")
    # Undecodable bytes become U+FFFD (as in stage.ts), so the column check names the column.
    line = body[:end].decode("utf-8", "replace").lstrip("\ufeff").rstrip("\r")
    names = [re.sub(r'^"(.*)"$', r"\1", raw.strip()) for raw in line.split(delimiter)]
    columns = []
    for n in names:
        try:
            columns.append(quote_ident(n, "CSV column"))
        except JobError as e:
            raise JobError(f"{e} (header of the file)") from None
    return columns


def manifest_key(a):
    """<manifest prefix><run id>.manifest: one per upload, the same on a re-run (as stage.ts)."""
    run_id_literal(a["run_id"])  # refuses a run id that is not an execution name
    return a["manifest_prefix"] + a["run_id"] + ".manifest"


def manifest_body(a):
    """Exactly the one object, mandatory; the same bytes as stage.ts (JSON.stringify)."""
    doc = {"entries": [{"url": f"s3://{a['bucket']}/{a['key']}", "mandatory": True}]}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def stage_statements(a, columns):
    table = quote_qualified(a["stage_table"], "--stage-table")
    if not BUCKET.match(a["bucket"]):
        raise JobError(f"--bucket {text(a['bucket'])} is not an S3 bucket name")
    key = key_literal(a["key"])
    run = run_id_literal(a["run_id"])
    role = a["copy_iam_role"]
    role_clause = "IAM_ROLE default" if role == "default" else f"IAM_ROLE '{role}'"
    if role != "default" and not re.match(r"^arn:aws[a-z-]*:iam::\d{12}:role/[A-Za-z0-9+=,.@_/-]+$", role):
        raise JobError(f'--copy-iam-role {text(role)} is not an IAM role ARN (or "default")')
    return [
        f"DELETE FROM {table} WHERE source_key = {key}",
        f"COPY {table} ({', '.join(columns)}) FROM 's3://{a['bucket']}/{manifest_key(a)}' {role_clause} FORMAT AS CSV IGNOREHEADER 1 EMPTYASNULL DATEFORMAT 'auto' TIMEFORMAT 'auto' MANIFEST",
        f"UPDATE {table} SET source_key = {key}, run_id = {run} WHERE source_key IS NULL",
    ]


def target_of(args):
    target = {"Database": args.get("--redshift-database", "dev")}
    if args.get("--redshift-workgroup"):
        target["WorkgroupName"] = args["--redshift-workgroup"]
    elif args.get("--redshift-cluster"):
        target["ClusterIdentifier"] = args["--redshift-cluster"]
        if args.get("--redshift-secret-arn"):
            target["SecretArn"] = args["--redshift-secret-arn"]
        elif args.get("--redshift-db-user"):
            target["DbUser"] = args["--redshift-db-user"]
        # neither: the job role's IAM identity (redshift:GetClusterCredentialsWithIAM)
    else:
        raise JobError("set --redshift-workgroup (Serverless) or --redshift-cluster (provisioned) in the job's DefaultArguments")
    return target


def failure_text(what, d):
    """What failed: the batch, which of its statements (from SubStatements) and the database's error."""
    subs = d.get("SubStatements") or []
    at = ""
    for i, sub in enumerate(subs):
        if sub.get("Status") in ("FAILED", "ABORTED"):
            at = f" at statement {i + 1} of {len(subs)} ({brief_sql(sub.get('QueryString', ''))})"
            break
    error = d.get("Error") or next((sub["Error"] for sub in subs if sub.get("Error")), "no error text")
    return f"{what} failed ({d['Status']}){at}: {error}"


def brief_sql(sql, width=60):
    """The start of a statement on one line, cut at a space."""
    text = " ".join(sql.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " \u2026"


def run_batch(rsd, target, sqls, what):
    """One BatchExecuteStatement (a single transaction), polled until it ends."""
    statement_id = rsd.batch_execute_statement(Sqls=sqls, **target)["Id"]
    delay = 0.2
    while True:
        d = rsd.describe_statement(Id=statement_id)
        status = d["Status"]
        if status == "FINISHED":
            return
        if status in ("FAILED", "ABORTED"):
            raise JobError(failure_text(what, d))
        time.sleep(delay)
        delay = min(delay * 2, 5.0)


def archived_key(a):
    """archive/<run id>/<key>: unique per upload (the run id is one per object version), the same on a re-run."""
    run_id_literal(a["run_id"])  # refuses a run id that is not an execution name
    return a["archive_prefix"] + a["run_id"] + "/" + a["key"]


def archive(s3, a):
    archived = archived_key(a)
    # The dict form: boto3 URL-encodes the key itself (a key encoded here would be encoded twice).
    s3.copy_object(Bucket=a["bucket"], Key=archived, CopySource={"Bucket": a["bucket"], "Key": a["key"]})
    try:
        s3.delete_object(Bucket=a["bucket"], Key=a["key"])
    except Exception:
        try:
            s3.delete_object(Bucket=a["bucket"], Key=archived)
        except Exception:
            pass  # best effort: the delete of the source is the error to report
        raise
    return archived


def main(argv):
    args = job_args(argv)
    archive_prefix = required(args, "--archive-prefix")
    if not PREFIX.match(archive_prefix):
        raise JobError(f"--archive-prefix {text(archive_prefix)} must be folder names of A-Z, a-z, 0-9, _ and - ending with '/', e.g. archive/")
    manifest_prefix = required(args, "--manifest-prefix")
    if not PREFIX.match(manifest_prefix):
        raise JobError(f"--manifest-prefix {text(manifest_prefix)} must be folder names of A-Z, a-z, 0-9, _ and - ending with '/', e.g. manifests/")
    a = {
        "bucket": required(args, "--bucket"),
        "key": required(args, "--key"),
        "stage_table": required(args, "--stage-table"),
        "run_id": required(args, "--run-id"),
        "archive_prefix": archive_prefix,
        "manifest_prefix": manifest_prefix,
        "copy_iam_role": args.get("--copy-iam-role", "default"),
    }
    s3 = boto3.client("s3")
    rsd = boto3.client("redshift-data")
    columns = header_columns(s3, a["bucket"], a["key"])
    statements, target = stage_statements(a, columns), target_of(args)  # every argument checked before the first write
    s3.put_object(Bucket=a["bucket"], Key=manifest_key(a), Body=manifest_body(a).encode("utf-8"), ContentType="application/json")
    run_batch(rsd, target, statements, f"staging s3://{a['bucket']}/{a['key']} into {a['stage_table']}")
    archived = archive(s3, a)
    print(f"staged s3://{a['bucket']}/{a['key']} into {a['stage_table']}; archived as {archived}")


if __name__ == "__main__":
    main(sys.argv)
