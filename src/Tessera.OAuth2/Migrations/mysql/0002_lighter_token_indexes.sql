-- Every token issued writes an entry into each of its table's indexes, so the token table keeps
-- only the indexes that online requests need. Only the janitor looks for expired tokens, and it
-- walks the primary key instead. (MySQL has no partial indexes, so the flow and subject indexes
-- stay as they are.)
DROP INDEX oauth2_tokens_expires_idx ON oauth2_tokens;
