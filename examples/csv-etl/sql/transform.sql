-- The transform: merge the rows one run staged into the target table.
-- ONE file, used by the Glue Python shell job in AWS (../jobs/transform.py)
-- and by the local job (../jobs/transform.ts). Both send the statements below
-- as ONE Redshift Data API batch (BatchExecuteStatement), so they commit
-- together or not at all; re-running the same run gives the same table.
--
-- Placeholders, filled by both jobs the same way: {{stage_table}} and
-- {{target_table}} become checked, double-quoted identifiers; {{run_id}}
-- becomes a string literal of the run id, which both jobs first check against
-- [A-Za-z0-9_-]{1,80} (Step Functions execution names). No data value is
-- ever written into this text. Statements end with ';' at the end of a line.
DELETE FROM {{target_table}}
 WHERE order_id IN (SELECT order_id FROM {{stage_table}} WHERE run_id = {{run_id}});
INSERT INTO {{target_table}}
  (order_id, customer_email, amount, currency, status, order_date, created_at, paid, note, source_key, loaded_at)
SELECT order_id, customer_email, amount, currency, status, order_date, created_at, paid, note, source_key, GETDATE()
  FROM {{stage_table}}
 WHERE run_id = {{run_id}};
