-- Parcours schema, version 10: the people who log in to the dashboard, their sessions, failed logins,
-- and personal API tokens. Passwords are stored only as Argon2id hashes, sessions only as the SHA-256
-- of their secret, like API tokens.
CREATE TABLE users (
    id             VARCHAR PRIMARY KEY,
    email          VARCHAR NOT NULL UNIQUE,
    name           VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,
    password_hash  VARCHAR NOT NULL,
    language       VARCHAR,
    created_at     TIMESTAMPTZ NOT NULL,
    disabled_at    TIMESTAMPTZ
);

-- Failed logins per e-mail address as typed (whether or not a user has it, so that the answers do
-- not tell which addresses exist); an address is locked for a while after repeated failures.
CREATE TABLE login_failures (
    email          VARCHAR PRIMARY KEY,
    failures       INTEGER NOT NULL,
    last_failure   TIMESTAMPTZ NOT NULL,
    locked_until   TIMESTAMPTZ
);

CREATE TABLE user_sessions (
    session_hash   VARCHAR PRIMARY KEY,
    user_id        VARCHAR NOT NULL,
    csrf_token     VARCHAR NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL
);

-- A personal token acts for its user, with the user's current role; tokens made from the command
-- line have no user and keep the role they were made with.
ALTER TABLE api_tokens ADD COLUMN user_id VARCHAR;
