-- The oauth2 service's tables. JSON documents (client metadata, token sessions, flow state) are
-- kept as text; every column a query filters or joins on is its own indexed column.

CREATE TABLE oauth2_clients (
  id VARCHAR(255) NOT NULL PRIMARY KEY,
  client_name VARCHAR(255) NOT NULL DEFAULT '',
  owner VARCHAR(255) NOT NULL DEFAULT '',
  secret_hash TEXT NULL,
  rotated_secret_hashes TEXT NULL,
  registration_token_signature VARCHAR(128) NULL,
  document TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth2_clients_client_name_idx ON oauth2_clients (client_name);
CREATE INDEX oauth2_clients_owner_idx ON oauth2_clients (owner);

-- A row per key set makes "create the default set once" a unique-key race that exactly one
-- instance wins.
CREATE TABLE oauth2_jwk_sets (
  set_id VARCHAR(255) NOT NULL PRIMARY KEY,
  created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE oauth2_jwks (
  set_id VARCHAR(255) NOT NULL,
  kid VARCHAR(255) NOT NULL,
  alg VARCHAR(32) NOT NULL,
  key_use VARCHAR(8) NOT NULL DEFAULT 'sig',
  key_data TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (set_id, kid)
);

-- One row per login/consent flow; the row stays as the consent session once consent is used.
CREATE TABLE oauth2_flows (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  consent_challenge VARCHAR(64) NULL UNIQUE,
  login_verifier VARCHAR(64) NULL UNIQUE,
  consent_verifier VARCHAR(64) NULL UNIQUE,
  state SMALLINT NOT NULL,
  client_id VARCHAR(255) NOT NULL,
  subject VARCHAR(255) NOT NULL DEFAULT '',
  login_session_id VARCHAR(64) NULL,
  consent_remember BOOLEAN NOT NULL DEFAULT FALSE,
  requested_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  consent_expires_at TIMESTAMPTZ NULL,
  data TEXT NOT NULL
);
CREATE INDEX oauth2_flows_subject_client_idx ON oauth2_flows (subject, client_id);
CREATE INDEX oauth2_flows_login_session_idx ON oauth2_flows (login_session_id);
CREATE INDEX oauth2_flows_expires_idx ON oauth2_flows (expires_at);

CREATE TABLE oauth2_login_sessions (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  subject VARCHAR(255) NOT NULL,
  authenticated_at TIMESTAMPTZ NOT NULL,
  remember BOOLEAN NOT NULL DEFAULT FALSE,
  expires_at TIMESTAMPTZ NULL,
  identity_provider_session_id VARCHAR(255) NULL,
  data TEXT NOT NULL
);
CREATE INDEX oauth2_login_sessions_subject_idx ON oauth2_login_sessions (subject);

CREATE TABLE oauth2_logout_requests (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  verifier VARCHAR(64) NULL UNIQUE,
  subject VARCHAR(255) NOT NULL DEFAULT '',
  session_id VARCHAR(64) NULL,
  client_id VARCHAR(255) NULL,
  state SMALLINT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX oauth2_logout_requests_expires_idx ON oauth2_logout_requests (expires_at);

-- Every token-like artifact (access and refresh tokens, authorization codes, OpenID sessions,
-- PKCE requests, device and user codes), stored by the HMAC signature of the token, never the
-- token itself. request_id groups the tokens of one grant so that a replayed code or refresh
-- token can revoke the whole family.
CREATE TABLE oauth2_tokens (
  kind VARCHAR(16) NOT NULL,
  signature VARCHAR(128) NOT NULL,
  request_id VARCHAR(64) NOT NULL,
  client_id VARCHAR(255) NOT NULL,
  subject VARCHAR(255) NOT NULL DEFAULT '',
  flow_id VARCHAR(64) NULL,
  session_id VARCHAR(64) NULL,
  active BOOLEAN NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (kind, signature)
);
CREATE INDEX oauth2_tokens_request_idx ON oauth2_tokens (request_id);
CREATE INDEX oauth2_tokens_client_idx ON oauth2_tokens (client_id);
CREATE INDEX oauth2_tokens_flow_idx ON oauth2_tokens (flow_id);
CREATE INDEX oauth2_tokens_subject_idx ON oauth2_tokens (subject);
CREATE INDEX oauth2_tokens_expires_idx ON oauth2_tokens (expires_at);

-- Seen JWT ids (private_key_jwt and jwt-bearer assertions), kept until the assertion expires.
CREATE TABLE oauth2_jti_blacklist (
  signature VARCHAR(128) NOT NULL PRIMARY KEY,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth2_jti_blacklist_expires_idx ON oauth2_jti_blacklist (expires_at);

CREATE TABLE oauth2_trusted_jwt_issuers (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  issuer VARCHAR(255) NOT NULL,
  subject VARCHAR(255) NOT NULL DEFAULT '',
  allow_any_subject BOOLEAN NOT NULL DEFAULT FALSE,
  scope TEXT NOT NULL,
  key_set VARCHAR(255) NOT NULL,
  key_id VARCHAR(255) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  UNIQUE (issuer, subject, key_id)
);
CREATE INDEX oauth2_trusted_jwt_issuers_expires_idx ON oauth2_trusted_jwt_issuers (expires_at);
