package io.relevans.prediction;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CDNOW purchase histories of Fader and Hardie (the master cohort of 23,570 customers and its 1/10
 * sample of 2,357), read where the workplace keeps them: the {@code shared/data/cdnow} folder beside the
 * project, or the folder {@value #FOLDER_VARIABLE} names. Without them a test is skipped with a message,
 * unless {@value #REQUIRE_VARIABLE} is {@code true} (CI), which makes it fail.
 *
 * <p>The calibration period of the papers: 1997-01-01 to 1997-09-30 inclusive (39 weeks, days 1 to 273),
 * times in weeks; the holdout period: 1997-10-01 to 1998-06-30 (weeks 40 to 78).
 */
public final class Cdnow {

    static final String FOLDER_VARIABLE = "RELEVANS_CDNOW_DIR";
    static final String FILE_VARIABLE = "RELEVANS_CDNOW";
    static final String REQUIRE_VARIABLE = "RELEVANS_REQUIRE_CDNOW";
    static final Calibration CALIBRATION = Calibration.through(LocalDate.of(1997, 9, 30));
    static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);
    /** Weeks 40 to 78. */
    static final double HOLDOUT_WEEKS = 39;

    /** One purchase row. */
    record Purchase(LocalDate day, double dollars) {
    }

    /** One customer's purchases in file order (days ascending), with their calibration summary and holdout. */
    record Customer(String id, List<Purchase> purchases) {

        /** The purchases up to the calibration end folded into a history, days counted in UTC. */
        PurchaseHistory history() {
            PurchaseHistory history = null;
            for (Purchase p : purchases) {
                if (p.day().isAfter(CALIBRATION.lastDay())) {
                    continue;
                }
                java.time.Instant at = p.day().atStartOfDay(ZoneOffset.UTC).toInstant();
                history = history == null ? PurchaseHistory.first(at, p.dollars()) : history.with(at, p.dollars());
            }
            if (history == null) {
                throw new IllegalStateException("customer " + id + " has no purchase in the calibration period");
            }
            return history;
        }

        PurchaseSummary summary() {
            return history().summary(CALIBRATION);
        }

        /** Purchase days in the holdout period (weeks 40 to 78). */
        int holdoutPurchases() {
            return (int) purchases.stream().map(Purchase::day)
                    .filter(d -> d.isAfter(CALIBRATION.lastDay()) && !d.isAfter(HOLDOUT_END)).distinct().count();
        }
    }

    private Cdnow() {
    }

    /** The 2,357 customers of CDNOW_sample.txt, in the order of their sample ids (0001 .. 2357). */
    static List<Customer> sample() {
        return read("CDNOW_sample.txt", 5, 1, 2);
    }

    /** The 23,570 customers of CDNOW_master.txt, in the order of their ids. */
    static List<Customer> master() {
        return read("CDNOW_master.txt", 4, 0, 1);
    }

    /**
     * A file of the CDNOW data set, wherever the workplace keeps it; the calling test is skipped without it,
     * and fails without it when {@value #REQUIRE_VARIABLE} is {@code true} (CI).
     */
    public static Path file(String name) {
        Optional<Path> file = locate(name);
        if ("true".equalsIgnoreCase(System.getenv(REQUIRE_VARIABLE))) {
            assertTrue(file.isPresent(), name + " not found in shared/data/cdnow beside the project nor in "
                    + FOLDER_VARIABLE + " or " + FILE_VARIABLE + ", but " + REQUIRE_VARIABLE + "=true");
        } else {
            assumeTrue(file.isPresent(), "CDNOW test skipped: " + name + " not found in shared/data/cdnow beside the "
                    + "project (set " + FOLDER_VARIABLE + " to its folder; " + REQUIRE_VARIABLE
                    + "=true makes this a failure)");
        }
        return file.get();
    }

    private static List<Customer> read(String name, int columns, int idColumn, int dateColumn) {
        Path file = file(name);
        Map<String, List<Purchase>> byCustomer = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (String line : lines) {
                String[] f = line.trim().split("\\s+");
                if (f.length != columns || !Character.isDigit(f[0].charAt(0))) {
                    continue; // the master file's header line
                }
                String id = f[idColumn];
                byCustomer.computeIfAbsent(id, k -> new ArrayList<>()).add(new Purchase(
                        LocalDate.parse(f[dateColumn], DateTimeFormatter.BASIC_ISO_DATE), Double.parseDouble(f[columns - 1])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<Customer> customers = new ArrayList<>();
        byCustomer.forEach((id, purchases) -> customers.add(new Customer(id, List.copyOf(purchases))));
        return customers;
    }

    private static Optional<Path> locate(String name) {
        String folder = System.getenv(FOLDER_VARIABLE);
        if (folder != null && !folder.isBlank()) {
            return Optional.of(Path.of(folder, name)).filter(Files::isRegularFile);
        }
        String master = System.getenv(FILE_VARIABLE); // the master file, as CdnowImportTest takes it
        if (master != null && !master.isBlank()) {
            Path sibling = Path.of(master).toAbsolutePath().resolveSibling(name);
            if (Files.isRegularFile(sibling)) {
                return Optional.of(sibling);
            }
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("shared").resolve("data").resolve("cdnow").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
