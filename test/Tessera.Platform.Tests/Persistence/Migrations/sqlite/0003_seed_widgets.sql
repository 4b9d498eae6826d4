-- Inserts rows without a unique guard on counters: run twice, it would leave two rows there.
INSERT INTO widgets (name, active) VALUES ('seeded', 1);
INSERT INTO counters (id, counter_value) SELECT COUNT(*) + 1, 0 FROM counters;
