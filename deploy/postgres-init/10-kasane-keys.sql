-- The case keys (crypto-shredding) are kept in a database of their own, apart from the event log,
-- so that a dump of the events alone never carries the keys that open them.
CREATE DATABASE kasane_keys;
