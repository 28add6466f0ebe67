-- Fitted customer-base models (BG/NBD and Gamma-Gamma) that the prediction features use: one row per
-- version, counting up from 1. A model is inserted as the version after the latest its fitter saw; a second
-- engine publishing the same version loses on the primary key and uses the row that won. Every engine on the
-- database uses the latest version.
CREATE TABLE relevans_prediction_model (
    version       BIGINT  NOT NULL,
    fitted_second BIGINT  NOT NULL,
    fitted_nano   INTEGER NOT NULL,
    model         TEXT    NOT NULL, -- JSON: calibration, parameters and diagnostics of both fits
    CONSTRAINT relevans_prediction_model_pk PRIMARY KEY (version)
);
