package io.relevans.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.Relevans;
import io.relevans.VirtualClock;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.prediction.PredictionFeaturesTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fitted prediction model survives a restart on the JDBC storage: an engine started anew on the database
 * (its connections closed and opened again) uses the stored version, and its customers' predictions are
 * what they were.
 */
class PredictionModelRestartTest {

    @TempDir
    Path dir;

    @Test
    void anEngineStartedAgain_usesTheStoredModel() {
        VirtualClock clock = VirtualClock.at(PredictionFeaturesTest.START.plus(Duration.ofDays(365)));
        TestDatabase db = TestDatabase.h2("jdbc:h2:file:" + dir.resolve("relevans").toAbsolutePath());
        Relevans first = Relevans.builder().clock(clock).storage(JdbcStorage.open(db.dataSource()))
                .definitions(PredictionFeaturesTest.DEFINITIONS).build();
        first.historyImport().events(PredictionFeaturesTest.history(300, 11).iterator());
        CustomerBaseModel fitted = first.fitPredictions();
        assertTrue(fitted.usable(), fitted.summary());
        CustomerId lapsed = first.customer(Identity.loyalty("lapsed")).orElseThrow().customer().id();
        double before = first.customer(lapsed).orElseThrow().features().get("p_alive()");
        TestDatabase.disconnect(db.dataSource());

        TestDatabase again = TestDatabase.h2("jdbc:h2:file:" + dir.resolve("relevans").toAbsolutePath());
        Relevans second = Relevans.builder().clock(clock).storage(JdbcStorage.open(again.dataSource()))
                .definitions(PredictionFeaturesTest.DEFINITIONS).build();
        assertEquals(fitted, second.predictionModel().orElseThrow());
        assertEquals(before, second.customer(lapsed).orElseThrow().features().get("p_alive()"));
        TestDatabase.disconnect(again.dataSource());
    }
}
