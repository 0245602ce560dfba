-- The stage table: the raw rows of each loaded file, typed as the orders
-- schema (../schema.ts) declares them, plus which file and which run staged
-- them. The stage job replaces one file's rows per run (delete by source_key,
-- then COPY), so restaging a file never doubles its rows.
-- Runs unchanged on Redshift and on the local DuckDB (IF NOT EXISTS: safe to re-run).
CREATE SCHEMA IF NOT EXISTS staging;
CREATE TABLE IF NOT EXISTS staging.orders (
  order_id       BIGINT        NOT NULL,
  customer_email VARCHAR(200)  NOT NULL,
  amount         DECIMAL(12,2) NOT NULL,
  currency       VARCHAR(3)    NOT NULL,
  status         VARCHAR(16)   NOT NULL,
  order_date     DATE          NOT NULL,
  created_at     TIMESTAMPTZ   NOT NULL,
  paid           BOOLEAN       NOT NULL,
  note           VARCHAR(500),
  source_key     VARCHAR(1024),
  run_id         VARCHAR(80)
);
