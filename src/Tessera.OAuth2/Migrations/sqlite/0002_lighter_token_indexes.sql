-- Every token issued writes an entry into each of its table's indexes, so the token table keeps
-- only the indexes that online requests need.
--
-- Only tokens granted through a consent flow are looked up by flow or by subject (consent
-- revocation): tokens without one (client_credentials, jwt-bearer) stay out of those two indexes.
DROP INDEX oauth2_tokens_flow_idx;
CREATE INDEX oauth2_tokens_flow_idx ON oauth2_tokens (flow_id) WHERE flow_id IS NOT NULL;
DROP INDEX oauth2_tokens_subject_idx;
CREATE INDEX oauth2_tokens_subject_idx ON oauth2_tokens (subject) WHERE flow_id IS NOT NULL;

-- Only the janitor looks for expired tokens, and it walks the primary key instead.
DROP INDEX oauth2_tokens_expires_idx;
