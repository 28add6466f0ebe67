-- The ids of the last events applied to each customer (JSON array, oldest first), so an event delivered
-- again after a crash is recognised and not applied twice. Null in rows written before this version:
-- such a customer remembers no events yet.
ALTER TABLE relevans_customer ADD COLUMN recent_events CHARACTER VARYING;
