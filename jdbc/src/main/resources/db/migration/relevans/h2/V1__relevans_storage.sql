-- Relevans storage on H2: customers and their identities, timers, the message outbox. The same
-- tables, columns and indexes as the PostgreSQL migration; H2 compares text as Java strings (the
-- in-memory stores' order) unless the database has a COLLATION set. Instants are an epoch second and a
-- nanosecond, so they keep their full precision and order. The JSON text columns hold what no query
-- looks at; they are CHARACTER VARYING and BINARY VARYING (up to 1,000,000 each), not LOBs, because H2
-- writes every LOB to a separate store, which made each save several times slower.

CREATE TABLE relevans_customer (
    customer_id VARCHAR(128) NOT NULL,
    profile     CHARACTER VARYING NOT NULL, -- io.relevans.json.CustomerJson
    segments    CHARACTER VARYING NOT NULL, -- JSON array of the segment names the customer is in
    starts      CHARACTER VARYING NOT NULL, -- JSON object: program name -> ISO-8601 instant of its last start
    features    BINARY VARYING    NOT NULL, -- the engine's opaque feature state
    CONSTRAINT relevans_customer_pk PRIMARY KEY (customer_id)
);

-- Each identity belongs to one customer; lookup by identity is a primary key hit.
CREATE TABLE relevans_identity (
    identity_type  VARCHAR(32)  NOT NULL, -- email, phone, loyalty_number...
    identity_value VARCHAR(320) NOT NULL, -- normalised value
    customer_id    VARCHAR(128) NOT NULL,
    CONSTRAINT relevans_identity_pk PRIMARY KEY (identity_type, identity_value),
    CONSTRAINT relevans_identity_customer_fk FOREIGN KEY (customer_id) REFERENCES relevans_customer (customer_id)
);
CREATE INDEX relevans_identity_by_customer ON relevans_identity (customer_id);

-- At most one timer per customer, program and kind; due queries read the due index in order.
CREATE TABLE relevans_timer (
    customer_id VARCHAR(128) NOT NULL,
    program     VARCHAR(128) NOT NULL,
    kind        VARCHAR(16)  NOT NULL, -- RESUME or TRIGGER
    due_second  BIGINT  NOT NULL,
    due_nano    INTEGER NOT NULL,
    details     CHARACTER VARYING NOT NULL, -- JSON: step, started, variant, control, trigger event, since
    CONSTRAINT relevans_timer_pk PRIMARY KEY (customer_id, program, kind)
);
CREATE INDEX relevans_timer_by_due ON relevans_timer (due_second, due_nano, customer_id, program, kind);

-- The message id is the idempotency key; seq keeps the order of adding.
CREATE TABLE relevans_message (
    message_id          VARCHAR(255) NOT NULL,
    seq                 BIGINT GENERATED ALWAYS AS IDENTITY,
    customer_id         VARCHAR(128) NOT NULL,
    status              VARCHAR(16)  NOT NULL, -- PENDING, SENT, RETRYING, DEAD, SUPPRESSED
    next_attempt_second BIGINT  NOT NULL,
    next_attempt_nano   INTEGER NOT NULL,
    decided_second      BIGINT  NOT NULL,
    decided_nano        INTEGER NOT NULL,
    details             CHARACTER VARYING NOT NULL, -- JSON: program, step, variant, channel, template,
                                                         -- purpose, data, lines, reason, attempts, outcomes
    CONSTRAINT relevans_message_pk PRIMARY KEY (message_id)
);
CREATE UNIQUE INDEX relevans_message_by_seq ON relevans_message (seq);
CREATE INDEX relevans_message_by_due ON relevans_message (status, next_attempt_second, next_attempt_nano, message_id);
CREATE INDEX relevans_message_by_customer ON relevans_message (customer_id, decided_second, decided_nano, message_id);
