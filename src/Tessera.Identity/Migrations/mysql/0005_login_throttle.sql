-- Failed logins, counted where every instance sees them (Tessera's login throttle). Keys are hex SHA-256
-- digests, so neither identifiers nor addresses are stored: kind 'f' counts failures of one identifier from
-- one address (both keys), of one identifier from every address (address_key ''), and from one address for
-- every identifier (identifier_key ''); kind 'k' remembers an address an identifier logged in from.
-- last_at is Unix milliseconds.
CREATE TABLE identity_login_throttle (
  kind CHAR(1) NOT NULL,
  identifier_key VARCHAR(64) NOT NULL,
  address_key VARCHAR(64) NOT NULL,
  failures INTEGER NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (kind, identifier_key, address_key)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
CREATE INDEX identity_login_throttle_last_idx ON identity_login_throttle (last_at);
