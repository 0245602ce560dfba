-- The target table the transform fills: one row per order, the latest load
-- of an order wins. Runs unchanged on Redshift and on the local DuckDB.
-- Redshift has the public schema already (a no-op there); DuckDB's default schema is main.
CREATE SCHEMA IF NOT EXISTS public;
CREATE TABLE IF NOT EXISTS public.orders (
  order_id       BIGINT        NOT NULL,
  customer_email VARCHAR(200)  NOT NULL,
  amount         DECIMAL(12,2) NOT NULL,
  currency       VARCHAR(3)    NOT NULL,
  status         VARCHAR(16)   NOT NULL,
  order_date     DATE          NOT NULL,
  created_at     TIMESTAMPTZ   NOT NULL,
  paid           BOOLEAN       NOT NULL,
  note           VARCHAR(500),
  source_key     VARCHAR(1024) NOT NULL,
  loaded_at      TIMESTAMP     NOT NULL
);
