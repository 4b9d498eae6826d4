-- RFC 8628 §3.5: when a device code was last polled (allowed), so that polling faster than the
-- interval gets slow_down, whichever instance answers.
ALTER TABLE oauth2_tokens ADD COLUMN polled_at TEXT NULL;
