-- Self-service flows (Kratos's selfservice_{login,registration,settings,...}_flows in one table, told
-- apart by flow) and the error containers the error UI reads (selfservice_errors).

CREATE TABLE selfservice_flows (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  flow VARCHAR(16) NOT NULL,
  type VARCHAR(8) NOT NULL,
  request_url MEDIUMTEXT NOT NULL,
  return_to MEDIUMTEXT NULL,
  issued_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  state VARCHAR(32) NOT NULL,
  active_method VARCHAR(32) NULL,
  ui MEDIUMTEXT NOT NULL,
  csrf_token VARCHAR(255) NOT NULL,
  identity_id VARCHAR(36) NULL,
  refresh BOOLEAN NOT NULL,
  requested_aal VARCHAR(8) NOT NULL,
  organization_id VARCHAR(36) NULL,
  identity_schema_id VARCHAR(255) NULL,
  oauth2_login_challenge MEDIUMTEXT NULL,
  transient_payload MEDIUMTEXT NULL,
  internal_context MEDIUMTEXT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX selfservice_flows_expires_idx ON selfservice_flows (expires_at);

CREATE TABLE selfservice_errors (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  errors MEDIUMTEXT NOT NULL,
  csrf_token VARCHAR(255) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX selfservice_errors_created_idx ON selfservice_errors (created_at);
