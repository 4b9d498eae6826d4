-- The proxy's access rules, for access_rules.repositories entries that name this database. One row
-- per rule: the rule as Oathkeeper's JSON document, its id also in a column of its own (the key;
-- binary collation, so ids differing in case are different rules, as everywhere else).
CREATE TABLE proxy_access_rules (
  id VARCHAR(255) NOT NULL PRIMARY KEY,
  document MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
