package io.relevans.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relevans.internal.json.StoredJson;
import io.relevans.spi.SplitDecision;
import io.relevans.spi.SplitDecisionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The winners of A/B splits in {@code relevans_split_decision}, one row per program and split: a decision
 * is inserted only when the split has no row, in a transaction that, having lost the race to insert it
 * to another engine, runs again and reads that engine's row. Thread-safe; failures are
 * {@link StorageException}s naming the program and split.
 */
final class JdbcSplitDecisionStore implements SplitDecisionStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSplitDecisionStore.class);
    private static final String COLUMNS = "program, split, winner, decided_second, decided_nano, details";

    private final Jdbc jdbc;

    JdbcSplitDecisionStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public SplitDecision decide(SplitDecision decision) {
        Objects.requireNonNull(decision, "decision");
        String what = "store the decision of split " + decision.split() + " of program " + decision.program();
        SplitDecision stored = jdbc.write(what, c -> {
            Optional<SplitDecision> before = find(c, decision.program(), decision.split());
            if (before.isPresent()) {
                return before.get();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO relevans_split_decision (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, decision.program());
                ps.setString(2, decision.split());
                ps.setString(3, decision.winner());
                Jdbc.setInstant(ps, 4, decision.decidedAt());
                ps.setString(6, details(decision));
                ps.executeUpdate(); // a concurrent insert fails it on the key: the write runs again and reads it
            }
            return decision;
        });
        LOG.debug("split {} of program {}: {} stored", decision.split(), decision.program(),
                stored == decision ? "the decision" : "an earlier decision");
        return stored;
    }

    @Override
    public List<SplitDecision> all() {
        List<SplitDecision> out = jdbc.read("read the split decisions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM relevans_split_decision")) {
                return decisions(ps);
            }
        });
        // in code point order, whatever the database's collation, as the in-memory store
        out.sort(Comparator.comparing(SplitDecision::program).thenComparing(SplitDecision::split));
        return out;
    }

    private static Optional<SplitDecision> find(Connection c, String program, String split) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM relevans_split_decision WHERE program = ? AND split = ?")) {
            ps.setString(1, program);
            ps.setString(2, split);
            return decisions(ps).stream().findFirst();
        }
    }

    private static List<SplitDecision> decisions(PreparedStatement ps) throws SQLException {
        List<SplitDecision> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String program = rs.getString("program");
                String split = rs.getString("split");
                try {
                    JsonNode details = StoredJson.read(rs.getString("details"));
                    List<SplitDecision.Figures> figures = new ArrayList<>();
                    for (JsonNode f : StoredJson.field(details, "figures")) {
                        figures.add(new SplitDecision.Figures(StoredJson.text(f, "variant"),
                                StoredJson.field(f, "messages").asLong(), StoredJson.field(f, "converted").asLong()));
                    }
                    out.add(new SplitDecision(program, split, rs.getString("winner"),
                            Jdbc.instant(rs, "decided_second", "decided_nano"),
                            StoredJson.field(details, "confidence").asDouble(), figures));
                } catch (IllegalArgumentException e) {
                    throw new StorageException("the stored decision of split " + split + " of program " + program
                            + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    private static String details(SplitDecision d) {
        ObjectNode node = StoredJson.NODES.objectNode();
        node.put("confidence", d.confidence());
        ArrayNode figures = node.putArray("figures");
        for (SplitDecision.Figures f : d.figures()) {
            figures.addObject().put("variant", f.variant()).put("messages", f.messages()).put("converted", f.converted());
        }
        return StoredJson.write(node);
    }
}
