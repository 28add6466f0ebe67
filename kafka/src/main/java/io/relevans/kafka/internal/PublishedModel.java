package io.relevans.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.ModelJson;
import io.relevans.internal.json.StoredJson;
import io.relevans.prediction.CustomerBaseModel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * One record of the definitions topic under the key {@code prediction-model}: a fitted customer-base model
 * (BG/NBD and Gamma-Gamma) for the prediction features, with its version and the moment it was fitted,
 * {@code {"version": 3, "fittedAt": "2026-12-01T02:00:00Z", "model": {...}}}; the model's document is the one
 * the embedded engine's model stores keep.
 *
 * @param model the model, version 1 or more
 */
public record PublishedModel(CustomerBaseModel model) {

    /** A model of version 1 or more. */
    public PublishedModel {
        Objects.requireNonNull(model, "model");
        if (model.version() < 1) {
            throw new IllegalArgumentException("a published prediction model has a version of 1 or more, got "
                    + model.version());
        }
    }

    /** The record's value. */
    public String write() {
        ObjectNode n = StoredJson.NODES.objectNode();
        n.put("version", model.version());
        n.put("fittedAt", model.fittedAt().toString());
        n.set("model", ModelJson.document(model));
        return StoredJson.write(n);
    }

    /**
     * A record's value as {@link #write()} wrote it.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static PublishedModel read(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a prediction model record has a value (a tombstone removes no model)");
        }
        JsonNode n = StoredJson.read(value);
        if (!n.isObject()) {
            throw new IllegalArgumentException(
                    "a prediction model record is {\"version\": n, \"fittedAt\": \"instant\", \"model\": {...}}");
        }
        JsonNode version = StoredJson.field(n, "version");
        if (!version.isIntegralNumber() || !version.canConvertToLong()) {
            throw new IllegalArgumentException("field 'version' is not a whole number: " + version);
        }
        Instant fittedAt;
        try {
            fittedAt = Instant.parse(StoredJson.text(n, "fittedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field 'fittedAt' is not an instant such as 2026-12-01T02:00:00Z: "
                    + e.getParsedString());
        }
        JsonNode model = StoredJson.field(n, "model");
        if (!model.isObject()) {
            throw new IllegalArgumentException("field 'model' is not an object");
        }
        return new PublishedModel(ModelJson.model(version.longValue(), fittedAt, model));
    }
}
