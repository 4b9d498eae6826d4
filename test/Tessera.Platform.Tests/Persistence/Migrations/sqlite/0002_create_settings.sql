CREATE TABLE settings (
    scope VARCHAR(64) NOT NULL,
    setting_key VARCHAR(64) NOT NULL,
    setting_value VARCHAR(255) NOT NULL,
    PRIMARY KEY (scope, setting_key)
);
CREATE TABLE counters (
    id INTEGER NOT NULL PRIMARY KEY,
    counter_value INTEGER NOT NULL
);
CREATE TABLE tags (
    tag VARCHAR(64) NOT NULL PRIMARY KEY
);
