package io.relevans.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.prediction.BgNbdFit;
import io.relevans.prediction.BgNbdModel;
import io.relevans.prediction.Calibration;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.FitDiagnostics;
import io.relevans.prediction.GammaGammaFit;
import io.relevans.prediction.GammaGammaModel;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A fitted {@link CustomerBaseModel} as a JSON document for model stores: the calibration, each fit's
 * parameters and diagnostics. The version and fitting moment are the store's columns, not part of it. Doubles
 * are written exactly (Jackson's shortest round-trip form), so a model read back predicts the same values.
 */
public final class ModelJson {

    private ModelJson() {
    }

    /** The document of the model. */
    public static ObjectNode document(CustomerBaseModel m) {
        ObjectNode node = StoredJson.NODES.objectNode();
        Calibration c = m.calibration();
        node.put("calibrationLastDay", c.lastDay().toString());
        node.put("unit", c.unit().name().toLowerCase(Locale.ROOT));
        ObjectNode purchases = node.putObject("purchases");
        BgNbdModel b = m.purchases().model();
        purchases.put("r", b.r()).put("alpha", b.alpha()).put("a", b.a()).put("b", b.b());
        purchases.set("diagnostics", diagnostics(m.purchases().diagnostics()));
        if (m.spend() != null) {
            ObjectNode spend = node.putObject("spend");
            GammaGammaModel g = m.spend().model();
            spend.put("p", g.p()).put("q", g.q()).put("gamma", g.gamma());
            spend.set("diagnostics", diagnostics(m.spend().diagnostics()));
        }
        return node;
    }

    /**
     * The model in a document.
     *
     * @throws IllegalArgumentException naming the field when the document lacks one or a value is out of range
     */
    public static CustomerBaseModel model(long version, Instant fittedAt, JsonNode node) {
        Calibration c = new Calibration(LocalDate.parse(StoredJson.text(node, "calibrationLastDay")),
                ChronoUnit.valueOf(StoredJson.text(node, "unit").toUpperCase(Locale.ROOT)));
        JsonNode p = StoredJson.field(node, "purchases");
        BgNbdFit purchases = new BgNbdFit(new BgNbdModel(number(p, "r"), number(p, "alpha"), number(p, "a"),
                number(p, "b")), diagnostics(StoredJson.field(p, "diagnostics"), c));
        GammaGammaFit spend = null;
        JsonNode s = node.get("spend");
        if (s != null && !s.isNull()) {
            spend = new GammaGammaFit(new GammaGammaModel(number(s, "p"), number(s, "q"), number(s, "gamma")),
                    diagnostics(StoredJson.field(s, "diagnostics"), c));
        }
        return new CustomerBaseModel(version, fittedAt, purchases, spend);
    }

    private static ObjectNode diagnostics(FitDiagnostics d) {
        return StoredJson.NODES.objectNode().put("customers", d.customers()).put("repeatCustomers", d.repeatCustomers())
                .put("logLikelihood", d.logLikelihood()).put("iterations", d.iterations())
                .put("evaluations", d.evaluations()).put("converged", d.converged());
    }

    private static FitDiagnostics diagnostics(JsonNode d, Calibration c) {
        return new FitDiagnostics(StoredJson.field(d, "customers").asInt(), StoredJson.field(d, "repeatCustomers").asInt(),
                number(d, "logLikelihood"), StoredJson.field(d, "iterations").asInt(),
                StoredJson.field(d, "evaluations").asInt(), StoredJson.field(d, "converged").asBoolean(), c);
    }

    private static double number(JsonNode node, String name) {
        JsonNode v = StoredJson.field(node, name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field '" + name + "' must be a number, got " + v);
        }
        return v.asDouble();
    }
}
