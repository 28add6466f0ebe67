-- A/B splits that pick a winner: one row per program and split, the first decision stored. Every engine
-- on the database sends new entrants of the split to this winner; a second engine deciding later finds
-- the row (its insert loses on the primary key) and uses it.
CREATE TABLE relevans_split_decision (
    program        VARCHAR(128) NOT NULL,
    split          VARCHAR(64)  NOT NULL, -- the split's step label
    winner         VARCHAR(64)  NOT NULL, -- the winning variant's name
    decided_second BIGINT  NOT NULL,
    decided_nano   INTEGER NOT NULL,
    details        CHARACTER VARYING NOT NULL, -- JSON: confidence, figures per variant (messages, converted)
    CONSTRAINT relevans_split_decision_pk PRIMARY KEY (program, split)
);
