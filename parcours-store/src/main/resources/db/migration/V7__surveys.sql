-- Parcours schema, version 7: surveys on touchpoints (per map version, like the match rules),
-- the invitations the triggers create, the answers, and each workspace's survey settings.

CREATE TABLE surveys (
    workspace_key  VARCHAR NOT NULL,
    map_key        VARCHAR NOT NULL,
    version        INTEGER NOT NULL,
    touchpoint_key VARCHAR NOT NULL,
    position       INTEGER NOT NULL,
    key            VARCHAR NOT NULL,
    type           VARCHAR NOT NULL,
    question_en    VARCHAR,
    question_fr    VARCHAR,
    ask_why        BOOLEAN NOT NULL,
    delay_seconds  BIGINT NOT NULL,
    sampling       DOUBLE NOT NULL,
    expiry_seconds BIGINT NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, key)
);

-- The questions of custom surveys, and the choices of their choice questions.
CREATE TABLE survey_questions (
    workspace_key VARCHAR NOT NULL,
    map_key       VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    survey_key    VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    key           VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    text_en       VARCHAR,
    text_fr       VARCHAR,
    minimum       INTEGER NOT NULL,
    maximum       INTEGER NOT NULL,
    required      BOOLEAN NOT NULL,
    PRIMARY KEY (workspace_key, map_key, version, survey_key, position)
);

CREATE TABLE survey_choices (
    workspace_key VARCHAR NOT NULL,
    map_key       VARCHAR NOT NULL,
    version       INTEGER NOT NULL,
    survey_key    VARCHAR NOT NULL,
    question_key  VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    key           VARCHAR NOT NULL,
    text_en       VARCHAR,
    text_fr       VARCHAR,
    PRIMARY KEY (workspace_key, map_key, version, survey_key, question_key, position)
);

-- How often a customer may be asked (across all surveys), and how far the triggers have read the events.
CREATE TABLE survey_settings (
    workspace_key VARCHAR PRIMARY KEY,
    throttle_days INTEGER NOT NULL,
    trigger_seq   BIGINT NOT NULL
);

CREATE SEQUENCE survey_invitation_ids START 1;

-- One invitation to answer a survey: for a customer, after an event at a touchpoint. Its token is
-- not stored: it is the id signed with the secret 'survey-token', so a leaked database holds no links.
CREATE TABLE survey_invitations (
    id             BIGINT PRIMARY KEY,
    workspace_key  VARCHAR NOT NULL,
    map_key        VARCHAR NOT NULL,
    survey_key     VARCHAR NOT NULL,
    touchpoint_key VARCHAR NOT NULL,
    customer_id    VARCHAR NOT NULL,
    event_seq      BIGINT,
    locale         VARCHAR NOT NULL,
    email          VARCHAR,
    created_at     TIMESTAMPTZ NOT NULL,
    due_at         TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    sent_at        TIMESTAMPTZ,
    answered_at    TIMESTAMPTZ
);

-- Every answer, once. score and comment are the standard surveys' score and "why?"; answers holds
-- every question's answer as JSON ({"question key": value}). invitation_id is null for answers
-- imported without an invitation. No index: the answer path checks its invitation, and KPI reads scan.
CREATE TABLE survey_answers (
    invitation_id  BIGINT,
    workspace_key  VARCHAR NOT NULL,
    map_key        VARCHAR NOT NULL,
    survey_key     VARCHAR NOT NULL,
    touchpoint_key VARCHAR NOT NULL,
    survey_type    VARCHAR NOT NULL,
    customer_id    VARCHAR NOT NULL,
    locale         VARCHAR NOT NULL,
    score          INTEGER,
    comment        VARCHAR,
    answers        VARCHAR NOT NULL,
    answered_at    TIMESTAMPTZ NOT NULL
);

-- Secrets Parcours makes for itself on first use (the key that signs survey tokens).
CREATE TABLE secrets (
    name  VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
