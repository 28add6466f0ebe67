package io.relevans.examples.retailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.relevans.ProgramResult;
import io.relevans.backtest.Comparison;
import io.relevans.spi.Suppression;
import io.relevans.spi.Message;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small simulated period end to end: the run, its report, its history, and a backtest of it. */
class RetailerRunTest {

    @TempDir
    static Path dir;

    static RetailerReport run;
    static String console;

    @BeforeAll
    static void simulate() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        run = Retailer.run(options(dir), new PrintStream(out, true, StandardCharsets.UTF_8));
        console = out.toString(StandardCharsets.UTF_8);
    }

    static Retailer.Options options(Path out) {
        return new Retailer.Options(1_500, 35, 7, Instant.parse("2026-09-01T00:00:00Z"), out, Optional.empty(),
                RetailerChannels.simulated(), "h2");
    }

    @Test
    @DisplayName("the run ingests events, sends and suppresses messages, and every delivery is in the weekly figures")
    void figuresAddUp() {
        assertTrue(run.figures().events() > 3_000, "events: " + run.figures().events());
        assertTrue(run.status(Message.Status.SENT) > 200, "sent: " + run.byStatus());
        assertTrue(run.status(Message.Status.SUPPRESSED) > 50, "suppressed: " + run.byStatus());
        long delivered = run.figures().weeklyByProgram().values().stream().flatMapToLong(Arrays::stream).sum();
        assertEquals(run.status(Message.Status.SENT), delivered);
        long byChannel = run.figures().weeklyByChannel().values().stream().flatMapToLong(Arrays::stream).sum();
        assertEquals(delivered, byChannel);
        long suppressed = run.suppressions().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(run.status(Message.Status.SUPPRESSED), suppressed);
    }

    @Test
    @DisplayName("S9: the control groups are measured but never sent anything")
    void controlGroupsAreMeasured() {
        for (ProgramResult r : run.results()) {
            if (r.control()) {
                assertEquals(0, r.sent(), r.toString());
            }
        }
        assertTrue(run.results().stream().anyMatch(r -> r.control() && r.decided() > 0));
    }

    @Test
    @DisplayName("the report page has every chart and no unescaped data")
    void reportPage() throws Exception {
        String html = Files.readString(dir.resolve("report.html"));
        for (String section : new String[] {"Messages delivered per week, by program", "by channel",
                "Suppressions by reason", "Results per program and variant", "Segment sizes", "(S17)"}) {
            assertTrue(html.contains(section), section);
        }
        assertTrue(html.split("<svg", -1).length - 1 >= 7, "charts");
        assertTrue(html.contains("<polyline"), "line chart with data");
        assertTrue(console.contains("Report: "), console);
        assertTrue(console.contains("The customer service view"), console);
        assertTrue(console.contains("timeline:"), console);
    }

    @Test
    @DisplayName("S12, S14: after the run, customer service looks a customer up by phone in the database and sees one timeline")
    void customerServiceViewFromTheDatabase() throws Exception {
        Shopper someone = Population.generate(7, 1_500, 35).stream()
                .filter(s -> s.joinDay() < 0 && s.phone().isPresent() && s.onlineRate() > 0.05).findFirst().orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Retailer.customer(Retailer.identity(someone.phone().orElseThrow()), options(dir),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String view = out.toString(StandardCharsets.UTF_8);
        assertTrue(view.contains("Customer " + someone.id().value()), view);
        assertTrue(view.contains("identities: email, phone"), view);
        assertTrue(view.contains("timeline:"), view);
        assertTrue(view.contains("next best offer:"), view);
    }

    @Test
    @DisplayName("no synthetic email address or phone number reaches the console")
    void noPersonalDataOnTheConsole() {
        assertTrue(!console.contains("@example.com"), "an email address was printed");
        assertTrue(!console.matches("(?s).*\\+479\\d{7}.*"), "a phone number was printed");
    }

    @Test
    @DisplayName("a backtest of the recorded period with the same definitions decides exactly what the run decided")
    void backtestReproducesTheRun() throws Exception {
        RetailerReport backtest = Retailer.backtest(options(dir), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        assertEquals(run.byStatus(), backtest.byStatus());
        assertEquals(run.suppressions(), backtest.suppressions());
        assertEquals(run.figures().events(), backtest.figures().events());
        RetailerReport.Compared compared = backtest.comparison().orElseThrow();
        assertEquals("the run", compared.before());
        assertTrue(compared.comparison().isEmpty(), "every message of the run, by id, with its status, reason, guard, "
                + "channel and time: " + compared.comparison());
        assertEquals(run.decided(), compared.comparison().unchanged());
        String html = Files.readString(dir.resolve("backtest.html"));
        assertTrue(html.contains("Compared with the run"), "the page shows the comparison");
        assertTrue(html.contains("decides exactly what the run decided"), "and says it reproduces the run");
    }

    @Test
    @DisplayName("a backtest of changed definitions reports what they would have sent instead")
    void backtestOfChangedDefinitions() throws Exception {
        Path changed = dir.resolve("changed");
        Files.createDirectories(changed);
        for (String file : new String[] {"catalogue.rel", "segments.rel", "programs.rel"}) {
            String text = new String(RetailerRunTest.class.getResourceAsStream("/retailer/" + file).readAllBytes(),
                    StandardCharsets.UTF_8);
            Files.writeString(changed.resolve(file), text.replace("cap 3 per 7d overall", "cap 1 per 7d overall"));
        }
        Retailer.Options o = options(dir);
        RetailerReport backtest = Retailer.backtest(new Retailer.Options(o.customers(), o.days(), o.seed(), o.start(),
                o.out(), Optional.of(changed), o.channels(), o.storage()), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(backtest.status(Message.Status.SENT) < run.status(Message.Status.SENT),
                backtest.byStatus() + " vs " + run.byStatus());
        assertTrue(backtest.suppressions().keySet().stream().anyMatch(r -> r.startsWith("capped: at most 1 per 7d")),
                backtest.suppressions().toString());
        Comparison c = backtest.comparison().orElseThrow().comparison();
        assertEquals("the bundled definitions", backtest.comparison().orElseThrow().before());
        assertTrue(c.changed().size() > 10, c.toString());
        assertTrue(c.changed().stream().anyMatch(ch -> ch.a().status() == Message.Status.SENT
                && ch.b().suppression().map(x -> x.guard() == Suppression.Guard.CAP).orElse(false)), c.toString());
        long sentBefore = c.programs().stream().mapToLong(Comparison.ProgramDifference::sentInA).sum();
        long sentAfter = c.programs().stream().mapToLong(Comparison.ProgramDifference::sentInB).sum();
        assertEquals(run.status(Message.Status.SENT), sentBefore, "the bundled definitions' backtest sends what the run sent");
        assertEquals(backtest.status(Message.Status.SENT), sentAfter);
        String html = Files.readString(dir.resolve("backtest.html"));
        assertTrue(html.contains("Compared with the bundled definitions") && html.contains("Decided otherwise"), "comparison on the page");
    }
}
