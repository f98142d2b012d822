-- Parcours schema, version 12: customers' rights and retention.
--
-- erased_fingerprints keeps the fingerprint (64 bits of a SHA-256 of workspace, source and message
-- id: nothing about the customer can be read from it) of every event erased with its customer, so
-- that a client retrying an old message cannot bring an erased event back.
CREATE TABLE erased_fingerprints (
    fingerprint BIGINT NOT NULL
);

-- One row per erasure, for the record a business must keep of the requests it fulfilled: when, who
-- asked, and how much was erased. The customer's ids are not kept.
CREATE TABLE erasures (
    workspace_key VARCHAR NOT NULL,
    erased_at     TIMESTAMPTZ NOT NULL,
    requested_by  VARCHAR NOT NULL,
    ids           INTEGER NOT NULL,
    events        BIGINT NOT NULL,
    invitations   INTEGER NOT NULL,
    answers       INTEGER NOT NULL,
    results       INTEGER NOT NULL
);

-- How long each kind of data is kept in a workspace, in days; a kind without a row is kept forever.
-- Kinds: events, answers (survey answers), invitations (survey invitations, with their e-mail address).
CREATE TABLE retention (
    workspace_key VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    days          INTEGER NOT NULL,
    PRIMARY KEY (workspace_key, kind)
);
