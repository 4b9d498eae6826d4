-- Only tokens granted through a consent flow are looked up by flow or by subject (consent
-- revocation), so tokens without one (client_credentials, jwt-bearer) stay out of those two
-- indexes: every token issued writes two index entries fewer.
DROP INDEX oauth2_tokens_flow_idx;
CREATE INDEX oauth2_tokens_flow_idx ON oauth2_tokens (flow_id) WHERE flow_id IS NOT NULL;
DROP INDEX oauth2_tokens_subject_idx;
CREATE INDEX oauth2_tokens_subject_idx ON oauth2_tokens (subject) WHERE flow_id IS NOT NULL;
