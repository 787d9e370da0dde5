-- The source tables the two connectors pull, with a few rows, and the table the sink writes.
-- Idempotent: it runs at every start (spring.sql.init.mode=always).
CREATE TABLE IF NOT EXISTS shop_products (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    sku text NOT NULL,
    price numeric(10, 2) NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS shop_orders (
    id bigint PRIMARY KEY,
    customer text NOT NULL,
    total numeric(10, 2) NOT NULL,
    placed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO shop_products (id, name, sku, price)
SELECT i, 'Product ' || i, 'SKU-' || i, i + 0.99 FROM generate_series(1, 25) AS i
ON CONFLICT (id) DO NOTHING;
INSERT INTO shop_orders (id, customer, total)
SELECT i, 'customer-' || (i % 7), i * 10 + 0.5 FROM generate_series(1, 12) AS i
ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS ingested_records (
    entity_type text NOT NULL,
    source_id text NOT NULL,
    name text,
    data jsonb NOT NULL,
    pulled_at timestamptz NOT NULL,
    PRIMARY KEY (entity_type, source_id)
);
