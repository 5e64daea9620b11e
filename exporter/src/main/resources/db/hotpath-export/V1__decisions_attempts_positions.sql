-- The payments record the exporter keeps: one row per payment decision and per attempt reported,
-- keyed by the engine (hotpath.export.postgres.engine-id) and where the command is in its journal,
-- so a re-export changes nothing.
-- Plain SQL that PostgreSQL and CockroachDB both run: no sequences, no triggers, no extensions.

CREATE TABLE payment_decisions (
    engine_id          TEXT        NOT NULL,
    shard              INT         NOT NULL,
    engine_sequence    BIGINT      NOT NULL,
    tenant_id          BIGINT      NOT NULL,
    payment_id         BIGINT      NOT NULL,
    correlation_id     BIGINT      NOT NULL,
    command_time       TIMESTAMPTZ NOT NULL,
    decided_time       TIMESTAMPTZ NOT NULL,
    code               TEXT        NOT NULL,
    failure            TEXT        NOT NULL,
    action             TEXT        NOT NULL,
    score              INT         NOT NULL,
    model_score        INT         NOT NULL,
    model_version      TEXT        NOT NULL,
    deciding_rule      TEXT        NOT NULL,
    fired_rules        TEXT[]      NOT NULL,
    processors         TEXT[]      NOT NULL,
    processor_keys     BIGINT[]    NOT NULL,
    routing_strategy   TEXT        NOT NULL,
    routing_rule       TEXT        NOT NULL,
    amount             BIGINT      NOT NULL,
    currency           TEXT        NOT NULL,
    currency_digits    INT         NOT NULL,
    card_network       TEXT        NOT NULL,
    card_type          TEXT        NOT NULL,
    bin                TEXT        NOT NULL,
    last4              TEXT        NOT NULL,
    card_fingerprint   TEXT        NOT NULL,
    issuer_country     TEXT        NOT NULL,
    customer_country   TEXT        NOT NULL,
    mcc                INT         NOT NULL,
    channel            TEXT        NOT NULL,
    three_ds           TEXT        NOT NULL,
    PRIMARY KEY (engine_id, shard, engine_sequence)
);

CREATE INDEX payment_decisions_by_payment ON payment_decisions (tenant_id, payment_id);
CREATE INDEX payment_decisions_by_time ON payment_decisions (command_time);

CREATE TABLE payment_attempts (
    engine_id          TEXT        NOT NULL,
    shard              INT         NOT NULL,
    engine_sequence    BIGINT      NOT NULL,
    tenant_id          BIGINT      NOT NULL,
    payment_id         BIGINT      NOT NULL,
    correlation_id     BIGINT      NOT NULL,
    command_time       TIMESTAMPTZ NOT NULL,
    recorded_time      TIMESTAMPTZ NOT NULL,
    code               TEXT        NOT NULL,
    failure            TEXT        NOT NULL,
    processor_key      BIGINT      NOT NULL,
    outcome            TEXT        NOT NULL,
    response_code_key  BIGINT      NOT NULL,
    latency_micros     BIGINT      NOT NULL,
    next_action        TEXT        NOT NULL,
    next_processor     TEXT        NOT NULL,
    breaker_state      TEXT        NOT NULL,
    PRIMARY KEY (engine_id, shard, engine_sequence)
);

CREATE INDEX payment_attempts_by_payment ON payment_attempts (tenant_id, payment_id);

-- Written in the same transaction as the rows it follows.
CREATE TABLE export_positions (
    engine_id          TEXT        NOT NULL,
    shard              INT         NOT NULL,
    result_index       BIGINT      NOT NULL,
    command_index      BIGINT      NOT NULL,
    engine_sequence    BIGINT      NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (engine_id, shard)
);
