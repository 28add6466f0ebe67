-- The event archive (EventArchive, optional): the events engines applied, under the identity that names
-- each, for backfills of features added later and for backtests. The key starts with the time, so the
-- table can be partitioned by range of time_second (retention then drops whole partitions); an event
-- appended again (same time, identity and id) hits the key and is skipped.
CREATE TABLE relevans_event (
    time_second    BIGINT       NOT NULL,
    time_nano      INTEGER      NOT NULL,
    identity_type  VARCHAR(32)  NOT NULL,
    identity_value VARCHAR(320) NOT NULL,
    event_id       VARCHAR(128) NOT NULL,
    event          CHARACTER VARYING NOT NULL, -- the event's JSON, as EventJson writes it (up to 1,000,000 characters in H2)
    CONSTRAINT relevans_event_pk PRIMARY KEY (time_second, time_nano, identity_type, identity_value, event_id)
);
CREATE INDEX relevans_event_by_identity ON relevans_event (identity_type, identity_value, time_second, time_nano);
