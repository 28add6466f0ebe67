-- Several engines on one database. Every write of a customer row adds one to its version; the engine
-- stores what it decided for a customer only while the row still has the version it read (optimistic
-- concurrency: on a conflict it reads again and redoes the work). A new row starts at a random version,
-- so that a customer erased and made again never has a version a reader of the old row saw. Rows
-- written before this version start at 1.
ALTER TABLE relevans_customer ADD COLUMN version BIGINT DEFAULT 1 NOT NULL;

-- A due timer or message is claimed by one engine before it works on it, until the given moment (epoch
-- milliseconds of the claiming engine's clock): other engines skip it until then, so an engine that
-- dies mid-work gives it back when the claim runs out. Null: not claimed. Rescheduling a timer or
-- recording a delivery attempt ends the claim.
ALTER TABLE relevans_timer ADD COLUMN claimed_until BIGINT;
ALTER TABLE relevans_message ADD COLUMN claimed_until BIGINT;
