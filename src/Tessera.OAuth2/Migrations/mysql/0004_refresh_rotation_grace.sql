-- Graceful refresh token rotation (oauth2.grant.refresh_token.rotation_grace_period): when a refresh
-- token was first used and how often, so that it may be used again within the grace period (and up
-- to the reuse count) without counting as reuse.
ALTER TABLE oauth2_tokens ADD COLUMN first_used_at DATETIME(6) NULL;
ALTER TABLE oauth2_tokens ADD COLUMN used_times INT NOT NULL DEFAULT 0;
