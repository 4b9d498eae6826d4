-- An identity's credentials (Kratos's identity_credentials): one row per credential type, its
-- configuration as JSON text (password: {"hashed_password": "…"}). The identifiers a credential is
-- found by stay in identity_credential_identifiers.
CREATE TABLE identity_credentials (
  identity_id VARCHAR(36) NOT NULL,
  credential_type VARCHAR(32) NOT NULL,
  config TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (identity_id, credential_type),
  FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
);

-- The addresses the schema's verification.via / recovery.via traits give (Kratos's
-- identity_verifiable_addresses and identity_recovery_addresses); one address belongs to one
-- identity, as in Kratos. Values are stored lower-cased.
CREATE TABLE identity_verifiable_addresses (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  identity_id VARCHAR(36) NOT NULL,
  via VARCHAR(16) NOT NULL,
  address_value VARCHAR(255) NOT NULL,
  verified BOOLEAN NOT NULL,
  status VARCHAR(16) NOT NULL,
  verified_at TEXT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (via, address_value),
  FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
);
CREATE INDEX identity_verifiable_addresses_identity_idx ON identity_verifiable_addresses (identity_id);

CREATE TABLE identity_recovery_addresses (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  identity_id VARCHAR(36) NOT NULL,
  via VARCHAR(16) NOT NULL,
  address_value VARCHAR(255) NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (via, address_value),
  FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
);
CREATE INDEX identity_recovery_addresses_identity_idx ON identity_recovery_addresses (identity_id);
