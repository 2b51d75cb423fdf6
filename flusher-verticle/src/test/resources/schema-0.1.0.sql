-- The schema as swapflush 0.1.0 created it (before versioned migrations): a database to upgrade.
CREATE TABLE swap_events (
  signature      text           NOT NULL,
  slot           bigint         NOT NULL,
  block_time     timestamptz,
  venue          text           NOT NULL,
  trader         text           NOT NULL,
  base_mint      text           NOT NULL,
  quote_mint     text           NOT NULL,
  side           text           NOT NULL CHECK (side IN ('buy', 'sell')),
  base_amount    numeric(39,0)  NOT NULL,
  quote_amount   numeric(39,0)  NOT NULL,
  base_decimals  smallint       NOT NULL,
  quote_decimals smallint       NOT NULL,
  inserted_at    timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (signature, trader, base_mint)
);
CREATE TABLE swap_events_rejected (
  id          bigserial   PRIMARY KEY,
  signature   text,
  event       jsonb       NOT NULL,
  sqlstate    text,
  message     text        NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE swap_checkpoints (
  source_id   text        PRIMARY KEY,
  position    bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
