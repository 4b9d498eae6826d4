-- The identity service's tables (Kratos's identity model). Traits and metadata are JSON kept as text;
-- every column a query filters on is its own indexed column.

CREATE TABLE identities (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  schema_id VARCHAR(255) NOT NULL,
  traits MEDIUMTEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  metadata_public MEDIUMTEXT NULL,
  metadata_admin MEDIUMTEXT NULL,
  external_id VARCHAR(255) NULL UNIQUE,
  organization_id VARCHAR(36) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  state_changed_at DATETIME(6) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The identifiers a credential is found by (the schema's credentials.<type>.identifier traits),
-- stored lower-cased so that one identifier belongs to one identity whatever its case.
CREATE TABLE identity_credential_identifiers (
  credential_type VARCHAR(32) NOT NULL,
  identifier VARCHAR(255) NOT NULL,
  identity_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (credential_type, identifier),
  FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX identity_credential_identifiers_identity_idx ON identity_credential_identifiers (identity_id);
