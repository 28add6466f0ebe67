package io.relevans.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.relevans.customer.CustomerId;
import io.relevans.customer.Identity;
import io.relevans.internal.json.StoredJson;
import io.relevans.json.CustomerJson;
import io.relevans.spi.Commit;
import io.relevans.spi.CustomerRecord;
import io.relevans.spi.CustomerStore;
import io.relevans.spi.FeatureState;
import io.relevans.spi.StoredCustomer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CustomerStore} in a SQL database: one row per customer in {@code relevans_customer} (the
 * profile as {@link CustomerJson}, segments, program starts and the ids of recently applied events as
 * JSON, the feature state as bytes) and
 * one row per identity in {@code relevans_identity}, whose primary key makes {@link #lookup(Identity)}
 * one index hit. A save or an erase is one transaction: a failure leaves the previous record and its
 * identities as they were. The schema comes from {@link JdbcStorage#migrate(DataSource)}.
 *
 * <p>Thread-safe: every call takes its own connection from the data source, so give it a pooled one
 * in production. Failures are {@link StorageException}s naming the operation and the customer id.
 * Two saves that race to create the same customer or identity both succeed, the last one winning: engines
 * in several processes share a database through {@link JdbcStorage}, whose commits check the row's
 * version (each save adds one to it) and refuse to take an identity another customer has.
 */
public final class JdbcCustomerStore implements CustomerStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcCustomerStore.class);
    private static final int PAGE = 500;
    private static final String COLUMNS = "customer_id, profile, segments, starts, features, recent_events";

    private final Jdbc jdbc;
    /** The cache of the storage this store belongs to, told of every write; none for a store on its own. */
    private volatile ReadCache watcher = ReadCache.NONE;
    private final int page;

    /**
     * A store on the data source, whose database must have the Relevans schema.
     *
     * @param dataSource where connections come from
     */
    public JdbcCustomerStore(DataSource dataSource) {
        this(dataSource, PAGE);
    }

    /** A store that reads {@code page} records per query in {@link #forEach(Consumer)}. */
    JdbcCustomerStore(DataSource dataSource, int page) {
        this.jdbc = new Jdbc(dataSource);
        if (page < 1) {
            throw new IllegalArgumentException("page size must be at least 1, got " + page);
        }
        this.page = page;
    }

    /** The primary key of an identity row. */
    private record IdentityKey(String type, String value) {
        static IdentityKey of(Identity identity) {
            return new IdentityKey(identity.type().jsonName(), identity.value());
        }
    }

    @Override
    public Optional<CustomerRecord> load(CustomerId id) {
        return loadStored(id).map(StoredCustomer::record);
    }

    @Override
    public Optional<CustomerId> lookup(Identity identity) {
        Objects.requireNonNull(identity, "identity");
        return jdbc.read("look up a customer by " + identity.type().jsonName(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT customer_id FROM relevans_identity "
                    + "WHERE identity_type = ? AND identity_value = ?")) {
                ps.setString(1, identity.type().jsonName());
                ps.setString(2, identity.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(CustomerId.of(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(CustomerRecord record) {
        Objects.requireNonNull(record, "record");
        watcher.forget(record.id());
        CustomerId id = record.id();
        String profile = CustomerJson.write(record.customer());
        String segments = StoredJson.write(StoredJson.names(record.segments()));
        String starts = StoredJson.write(StoredJson.instants(record.starts()));
        byte[] features = record.features().toBytes();
        String recent = StoredJson.write(StoredJson.texts(record.recentEvents()));
        Set<IdentityKey> identities = new HashSet<>();
        record.customer().identities().forEach(i -> identities.add(IdentityKey.of(i)));
        int[] changed = jdbc.write("save customer " + id, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE relevans_customer "
                    + "SET profile = ?, segments = ?, starts = ?, features = ?, recent_events = ?, version = version + 1 "
                    + "WHERE customer_id = ?")) {
                update.setString(1, profile);
                update.setString(2, segments);
                update.setString(3, starts);
                update.setBytes(4, features);
                update.setString(5, recent);
                update.setString(6, id.value());
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                        bindInsert(insert, record);
                        insert.executeUpdate();
                    }
                }
            }
            return reindex(c, id, identities);
        });
        LOG.debug("saved customer {}: {} identities, {} added and {} removed", id, identities.size(), changed[0],
                changed[1]);
    }

    private static final String INSERT = "INSERT INTO relevans_customer (" + COLUMNS + ", version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";

    /** Sets the parameters of {@link #INSERT} from the record; returns the new row's version. */
    private static long bindInsert(PreparedStatement insert, CustomerRecord r) throws SQLException {
        insert.setString(1, r.id().value());
        insert.setString(2, CustomerJson.write(r.customer()));
        insert.setString(3, StoredJson.write(StoredJson.names(r.segments())));
        insert.setString(4, StoredJson.write(StoredJson.instants(r.starts())));
        insert.setBytes(5, r.features().toBytes());
        insert.setString(6, StoredJson.write(StoredJson.texts(r.recentEvents())));
        // a row made again after an erasure must not have a version a reader of the old row saw
        long version = ThreadLocalRandom.current().nextLong(1, 1L << 62);
        insert.setLong(7, version);
        return version;
    }

    /**
     * In the connection's transaction, stores each commit's record if its row still has the version the
     * commit names ({@link Commit#NEW}: if there is no row; a row inserted meanwhile fails on the primary
     * key), adding one to the version, and adds identity rows for the identities each claims: an identity
     * another customer has fails on the primary key (identities of merged customers must be released
     * first, with {@link #release(Connection, CustomerId)}). Statements of one shape go in one batch.
     *
     * @param before per commit, the record the stored row holds at that version, if known (else null):
     *               columns whose part is the same are not written again
     * @return per commit, the row's version now; null when a row has another version than the one named
     *         (then the transaction must be rolled back)
     */
    static long @Nullable [] writeAll(Connection c, List<Commit> commits, List<@Nullable CustomerRecord> before)
            throws SQLException {
        long[] versions = new long[commits.size()];
        Map<String, List<Integer>> updates = new LinkedHashMap<>(); // by statement text
        List<Integer> inserts = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            Commit commit = commits.get(i);
            if (commit.version() == Commit.NEW) {
                inserts.add(i);
            } else {
                updates.computeIfAbsent(updateSql(commit.record(), before.get(i)), k -> new ArrayList<>()).add(i);
            }
        }
        if (!inserts.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (int i : inserts) {
                    versions[i] = bindInsert(insert, commits.get(i).record());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        for (Map.Entry<String, List<Integer>> shape : updates.entrySet()) {
            try (PreparedStatement update = c.prepareStatement(shape.getKey())) {
                for (int i : shape.getValue()) {
                    Commit commit = commits.get(i);
                    CustomerRecord r = commit.record();
                    CustomerRecord was = before.get(i);
                    int k = 1;
                    update.setBytes(k++, r.features().toBytes());
                    update.setString(k++, StoredJson.write(StoredJson.texts(r.recentEvents())));
                    if (was == null || !was.customer().equals(r.customer())) {
                        update.setString(k++, CustomerJson.write(r.customer()));
                    }
                    if (was == null || !was.segments().equals(r.segments())) {
                        update.setString(k++, StoredJson.write(StoredJson.names(r.segments())));
                    }
                    if (was == null || !was.starts().equals(r.starts())) {
                        update.setString(k++, StoredJson.write(StoredJson.instants(r.starts())));
                    }
                    update.setString(k++, r.id().value());
                    update.setLong(k, commit.version());
                    update.addBatch();
                    versions[i] = commit.version() + 1;
                }
                int[] counts = update.executeBatch();
                for (int count : counts) {
                    if (count != 1) {
                        return null; // the row has another version, or is gone
                    }
                }
            }
        }
        List<Integer> claiming = new ArrayList<>();
        for (int i = 0; i < commits.size(); i++) {
            if (!commits.get(i).claimed().isEmpty()) {
                claiming.add(i);
            }
        }
        if (!claiming.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO relevans_identity "
                    + "(identity_type, identity_value, customer_id) VALUES (?, ?, ?)")) {
                for (int i : claiming) {
                    for (Identity identity : commits.get(i).claimed()) {
                        insert.setString(1, identity.type().jsonName());
                        insert.setString(2, identity.value());
                        insert.setString(3, commits.get(i).customer().value());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        return versions;
    }

    /** The update of a row from the record: the parts that differ from {@code before} (all when unknown). */
    private static String updateSql(CustomerRecord record, @Nullable CustomerRecord before) {
        StringBuilder sql = new StringBuilder("UPDATE relevans_customer SET features = ?, recent_events = ?");
        if (before == null || !before.customer().equals(record.customer())) {
            sql.append(", profile = ?");
        }
        if (before == null || !before.segments().equals(record.segments())) {
            sql.append(", segments = ?");
        }
        if (before == null || !before.starts().equals(record.starts())) {
            sql.append(", starts = ?");
        }
        return sql.append(", version = version + 1 WHERE customer_id = ? AND version = ?").toString();
    }

    /** In the connection's transaction, removes the identity rows of the customer. */
    static void release(Connection c, CustomerId id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_identity WHERE customer_id = ?")) {
            ps.setString(1, id.value());
            ps.executeUpdate();
        }
    }

    /**
     * In the connection's transaction, removes the customer's row (its identities released before) if it
     * still has the version given.
     *
     * @return false when the row is gone or has another version
     */
    static boolean remove(Connection c, CustomerId id, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM relevans_customer WHERE customer_id = ? AND version = ?")) {
            ps.setString(1, id.value());
            ps.setLong(2, version);
            return ps.executeUpdate() > 0;
        }
    }

    /** The record with the id and its row's version, if stored. */
    Optional<StoredCustomer> loadStored(CustomerId id) {
        Objects.requireNonNull(id, "id");
        return jdbc.read("load customer " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + ", version FROM relevans_customer WHERE customer_id = ?")) {
                ps.setString(1, id.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredCustomer(record(rs), rs.getLong("version")))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Makes the identity rows of the customer exactly the given ones: rows the customer no longer has
     * go, new ones are added or taken over from the customer that had them.
     *
     * @return how many identities were added and removed
     */
    private static int[] reindex(Connection c, CustomerId id, Set<IdentityKey> identities) throws SQLException {
        Set<IdentityKey> owned = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT identity_type, identity_value FROM relevans_identity WHERE customer_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owned.add(new IdentityKey(rs.getString(1), rs.getString(2)));
                }
            }
        }
        int removed = 0;
        for (IdentityKey k : owned) {
            if (!identities.contains(k)) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_identity "
                        + "WHERE identity_type = ? AND identity_value = ? AND customer_id = ?")) {
                    ps.setString(1, k.type());
                    ps.setString(2, k.value());
                    ps.setString(3, id.value());
                    removed += ps.executeUpdate();
                }
            }
        }
        int added = 0;
        for (IdentityKey k : identities) {
            if (owned.contains(k)) {
                continue;
            }
            try (PreparedStatement move = c.prepareStatement("UPDATE relevans_identity SET customer_id = ? "
                    + "WHERE identity_type = ? AND identity_value = ?")) {
                move.setString(1, id.value());
                move.setString(2, k.type());
                move.setString(3, k.value());
                if (move.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO relevans_identity "
                            + "(identity_type, identity_value, customer_id) VALUES (?, ?, ?)")) {
                        insert.setString(1, k.type());
                        insert.setString(2, k.value());
                        insert.setString(3, id.value());
                        insert.executeUpdate();
                    }
                }
            }
            added++;
        }
        return new int[] {added, removed};
    }

    @Override
    public boolean erase(CustomerId id) {
        Objects.requireNonNull(id, "id");
        watcher.forget(id);
        boolean erased = jdbc.write("erase customer " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_identity WHERE customer_id = ?")) {
                ps.setString(1, id.value());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM relevans_customer WHERE customer_id = ?")) {
                ps.setString(1, id.value());
                return ps.executeUpdate() > 0;
            }
        });
        LOG.debug("erase of customer {}: {}", id, erased ? "done" : "not stored");
        return erased;
    }

    /**
     * {@inheritDoc} In customer id order, reading a page of records per query; the action runs between
     * queries, holding no connection.
     */
    @Override
    public void forEach(Consumer<CustomerRecord> action) {
        Objects.requireNonNull(action, "action");
        String after = null;
        while (true) {
            String from = after;
            List<CustomerRecord> records = jdbc.read(from == null ? "read customers"
                    : "read customers after " + from, c -> page(c, from));
            records.forEach(action);
            if (records.size() < page) {
                return;
            }
            after = records.get(records.size() - 1).id().value();
        }
    }

    private List<CustomerRecord> page(Connection c, @Nullable String after) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM relevans_customer"
                + (after == null ? "" : " WHERE customer_id > ?") + " ORDER BY customer_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (after != null) {
                ps.setString(i++, after);
            }
            ps.setInt(i, page);
            List<CustomerRecord> records = new ArrayList<>(page);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs));
                }
            }
            return records;
        }
    }

    @Override
    public long count() {
        return jdbc.read("count customers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM relevans_customer");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static CustomerRecord record(ResultSet rs) throws SQLException {
        String id = rs.getString("customer_id");
        String profile = rs.getString("profile");
        String segments = rs.getString("segments");
        String starts = rs.getString("starts");
        byte[] features = rs.getBytes("features");
        String recent = rs.getString("recent_events");
        try {
            JsonNode startsNode = StoredJson.read(starts);
            return new CustomerRecord(CustomerJson.read(profile), StoredJson.names(StoredJson.read(segments)),
                    FeatureState.of(features), StoredJson.instants(startsNode),
                    recent == null ? List.of() : StoredJson.texts(StoredJson.read(recent)));
        } catch (RuntimeException e) {
            throw new StorageException("the stored record of customer " + id + " is unreadable", e);
        }
    }

    /** Tells the storage's cache of every write from now on. */
    void watch(ReadCache cache) {
        this.watcher = cache;
    }
}
