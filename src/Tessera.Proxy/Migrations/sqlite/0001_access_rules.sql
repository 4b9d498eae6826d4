-- The proxy's access rules, for access_rules.repositories entries that name this database. One row
-- per rule: the rule as Oathkeeper's JSON document, its id also in a column of its own (the key).
CREATE TABLE proxy_access_rules (
  id VARCHAR(255) NOT NULL PRIMARY KEY,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
