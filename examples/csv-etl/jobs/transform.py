"""Glue Python shell job `transform` of the CSV ETL (the AWS twin of transform.ts).

Runs ../sql/transform.sql -- the SAME file the local job runs -- as one Redshift
Data API BatchExecuteStatement (one transaction), and polls it until it ends.
The placeholders {{stage_table}} and {{target_table}} become checked,
double-quoted identifiers; {{run_id}} a string literal of the checked run id.

Where the SQL comes from, first found: --transform-sql s3://bucket/key (upload
sql/transform.sql there), else transform.sql in the working folder, else
../sql/transform.sql beside this script (both for runs outside Glue: Python
shell jobs cannot use --extra-files).
`statecraft deploy` reads the directive below: it uploads ../sql/transform.sql
beside this script in the assets bucket and sets --transform-sql to its URI.

Arguments: --stage-table, --target-table, --run-id, and the Redshift target as
for stage.py (--redshift-database, --redshift-workgroup | --redshift-cluster ...).
"""
# statecraft:file --transform-sql ../sql/transform.sql
import os
import json
import re
import sys
import time

import boto3

# A Glue Python shell job is one file: these helpers repeat stage.py's, unchanged.
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
MAX_IDENTIFIER = 127  # bytes in Redshift; only ASCII is allowed
RUN_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


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


def run_id_literal(run_id):
    if not RUN_ID.match(run_id):
        raise JobError(f"--run-id {text(run_id)} must be 1-80 characters of A-Z, a-z, 0-9, _ and - (an execution name)")
    return f"'{run_id}'"


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


def load_sql(args):
    uri = args.get("--transform-sql", "")
    if uri:
        m = re.match(r"^s3://([^/]+)/(.+)$", uri)
        if not m:
            raise JobError(f'--transform-sql "{uri}" must be an s3://bucket/key URI')
        return boto3.client("s3").get_object(Bucket=m.group(1), Key=m.group(2))["Body"].read().decode("utf-8")
    here = os.path.dirname(os.path.abspath(__file__))
    for path in ("transform.sql", os.path.join(here, "..", "sql", "transform.sql")):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
    raise JobError("transform.sql not found: pass --transform-sql s3://bucket/key (statecraft deploy uploads sql/transform.sql and sets it)")


def split_statements(sql):
    """Each statement ends with ';' at the end of a line; '--' comment lines are dropped."""
    body = "\n".join(line for line in sql.split("\n") if not re.match(r"^\s*--", line))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", body) if s.strip()]


def transform_statements(sql, args):
    values = {
        "stage_table": quote_qualified(required(args, "--stage-table"), "--stage-table"),
        "target_table": quote_qualified(required(args, "--target-table"), "--target-table"),
        "run_id": run_id_literal(required(args, "--run-id")),
    }

    def fill(m):
        name = m.group(1)
        if name not in values:
            raise JobError(f"transform.sql uses an unknown placeholder {{{{{name}}}}}")
        return values[name]

    return split_statements(re.sub(r"\{\{(\w+)\}\}", fill, sql))


def main(argv):
    args = job_args(argv)
    statements = transform_statements(load_sql(args), args)
    run_batch(boto3.client("redshift-data"), target_of(args), statements, f"transforming {args['--stage-table']} into {args['--target-table']}")
    print(f"transformed run {args['--run-id']} into {args['--target-table']}")


if __name__ == "__main__":
    main(sys.argv)
