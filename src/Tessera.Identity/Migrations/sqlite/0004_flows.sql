-- Self-service flows (Kratos's selfservice_{login,registration,settings,...}_flows in one table, told
-- apart by flow) and the error containers the error UI reads (selfservice_errors).

CREATE TABLE selfservice_flows (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  flow VARCHAR(16) NOT NULL,
  type VARCHAR(8) NOT NULL,
  request_url TEXT NOT NULL,
  return_to TEXT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  state VARCHAR(32) NOT NULL,
  active_method VARCHAR(32) NULL,
  ui TEXT NOT NULL,
  csrf_token VARCHAR(255) NOT NULL,
  identity_id VARCHAR(36) NULL,
  refresh INTEGER NOT NULL,
  requested_aal VARCHAR(8) NOT NULL,
  organization_id VARCHAR(36) NULL,
  identity_schema_id VARCHAR(255) NULL,
  oauth2_login_challenge TEXT NULL,
  transient_payload TEXT NULL,
  internal_context TEXT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX selfservice_flows_expires_idx ON selfservice_flows (expires_at);

CREATE TABLE selfservice_errors (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  errors TEXT NOT NULL,
  csrf_token VARCHAR(255) NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX selfservice_errors_created_idx ON selfservice_errors (created_at);
