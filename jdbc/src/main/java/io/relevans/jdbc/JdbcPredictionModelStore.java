package io.relevans.jdbc;

import io.relevans.internal.json.ModelJson;
import io.relevans.internal.json.StoredJson;
import io.relevans.prediction.CustomerBaseModel;
import io.relevans.spi.PredictionModelStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Fitted models in {@code relevans_prediction_model}, one row per version: a model is inserted as the version
 * after the latest one its fitter saw, in a transaction that, having lost the race for that version to another
 * engine, runs again and finds that engine's row. Thread-safe; failures are {@link StorageException}s naming
 * the version.
 */
final class JdbcPredictionModelStore implements PredictionModelStore {

    private static final String COLUMNS = "version, fitted_second, fitted_nano, model";

    private final Jdbc jdbc;

    JdbcPredictionModelStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public CustomerBaseModel publish(CustomerBaseModel model, long seen) {
        Objects.requireNonNull(model, "model");
        if (seen < 0) {
            throw new IllegalArgumentException("the version seen must be 0 or more, got " + seen);
        }
        return jdbc.write("publish prediction model version " + (seen + 1), c -> {
            Optional<CustomerBaseModel> latest = latest(c);
            long stored = latest.map(CustomerBaseModel::version).orElse(0L);
            if (seen > stored) {
                throw new IllegalArgumentException("version " + seen + " was never stored: the latest is " + stored);
            }
            if (stored != seen) {
                return latest.get(); // another engine published first
            }
            CustomerBaseModel next = model.withVersion(seen + 1);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_prediction_model (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, next.version());
                Jdbc.setInstant(ps, 2, next.fittedAt());
                ps.setString(4, StoredJson.write(ModelJson.document(next)));
                ps.executeUpdate(); // a concurrent insert of the version fails on the key: the write runs again
            }
            return next;
        });
    }

    @Override
    public Optional<CustomerBaseModel> latest() {
        return jdbc.read("read the latest prediction model", this::latest);
    }

    @Override
    public List<CustomerBaseModel> all() {
        return jdbc.read("read the prediction models", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM relevans_prediction_model ORDER BY version")) {
                return models(ps);
            }
        });
    }

    private Optional<CustomerBaseModel> latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_prediction_model"
                + " WHERE version = (SELECT MAX(version) FROM relevans_prediction_model)")) {
            return models(ps).stream().findFirst();
        }
    }

    private static List<CustomerBaseModel> models(PreparedStatement ps) throws SQLException {
        List<CustomerBaseModel> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long version = rs.getLong("version");
                try {
                    out.add(ModelJson.model(version, Jdbc.instant(rs, "fitted_second", "fitted_nano"),
                            StoredJson.read(rs.getString("model"))));
                } catch (IllegalArgumentException e) {
                    throw new StorageException("stored prediction model version " + version + " cannot be read: "
                            + e.getMessage(), e);
                }
            }
        }
        return out;
    }
}
