CREATE TABLE parts (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL);
INSERT INTO widgets (name) VALUES ('half');
INSERT INTO no_such_table (id) VALUES (1);
