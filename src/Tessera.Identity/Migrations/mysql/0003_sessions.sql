-- Sessions (Kratos's session model). The token is stored only as its SHA-256 (hex) and found by it;
-- the authentication methods are JSON text. A session's devices (ip, user agent, location) are rows of
-- session_devices. Both go with their identity.

CREATE TABLE sessions (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  identity_id VARCHAR(36) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  active BOOLEAN NOT NULL,
  issued_at DATETIME(6) NOT NULL,
  authenticated_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  aal VARCHAR(16) NOT NULL,
  authentication_methods MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX sessions_identity_idx ON sessions (identity_id, created_at);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE session_devices (
  id VARCHAR(36) NOT NULL PRIMARY KEY,
  session_id VARCHAR(36) NOT NULL,
  identity_id VARCHAR(36) NOT NULL,
  ip_address VARCHAR(64) NULL,
  user_agent VARCHAR(512) NULL,
  location VARCHAR(512) NULL,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX session_devices_session_idx ON session_devices (session_id);
