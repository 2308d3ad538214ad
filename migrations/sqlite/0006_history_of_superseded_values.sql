-- value_history keeps superseded values only: a record's current values, with their
-- active_from and actor, are in its document, and a write moves the values it replaces here
-- already closed. The open rows repeated the documents.
DELETE FROM value_history WHERE active_until IS NULL;
