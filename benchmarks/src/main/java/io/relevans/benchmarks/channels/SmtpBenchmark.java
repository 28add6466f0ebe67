package io.relevans.benchmarks.channels;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.relevans.channels.SmtpChannel;
import io.relevans.channels.SmtpSettings;
import io.relevans.customer.Channel;
import io.relevans.customer.Identity;
import io.relevans.spi.Delivery;
import io.relevans.spi.RenderedMessage;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Email messages per second through {@link SmtpChannel} to GreenMail (a real SMTP server in the same
 * JVM, on loopback, plain SMTP): one operation is one {@code deliver} of a rendered cart reminder (HTML
 * body, its plain-text part made from it), as the dispatcher calls it for a backlog. The {@link Pooling}
 * parameter compares, in the same run, the earlier channel (a connection opened, greeted and closed
 * for every message) with the pooled one (the default {@link SmtpSettings.Pool}). GreenMail's mailboxes
 * are emptied between iterations. Loopback without TLS or login is the case most favourable to
 * connection-per-message: over a network with STARTTLS and a login each new connection costs several
 * round trips and a handshake more.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SmtpBenchmark} (about 2 minutes), after
 * {@code mvn -B -pl benchmarks -am package -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class SmtpBenchmark {

    /** How the channel uses connections. */
    public enum Pooling {
        /** The channel before pools: a connection per message. */
        CONNECTION_PER_MESSAGE,
        /** The default pool: connections reused. */
        POOLED
    }

    /** The channel's connection handling. */
    @Param
    public Pooling pooling;

    private static final RenderedMessage[] MESSAGES = new RenderedMessage[1024];

    static {
        for (int i = 0; i < MESSAGES.length; i++) {
            MESSAGES[i] = new RenderedMessage("m-" + i, Channel.EMAIL, Identity.email("kunde" + (i % 64) + "@shop.test"),
                    "Glemte du noe i handlekurven?",
                    "<p>Hei Åse,</p><p>du har fortsatt dette i handlekurven:</p><ul><li>tv-55 &ndash; 8999 kr</li>"
                            + "<li>lydplanke &ndash; 1990 kr</li></ul><p><a href=\"https://shop.test/cart?c=" + i
                            + "\">Til handlekurven</a></p>");
        }
    }

    private GreenMail mail;
    private SmtpChannel channel;
    private int next;

    /** Starts GreenMail on a free loopback port and the channel to it. */
    @Setup(Level.Trial)
    public void start() {
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort()); // the port the server binds, no race for it
        mail.start();
        int port = mail.getSmtp().getPort();
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", port, "news@shop.test", "The Shop")
                .withSecurity(SmtpSettings.Security.NONE).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withPool(pooling == Pooling.POOLED ? SmtpSettings.Pool.DEFAULT : SmtpSettings.Pool.connectionPerMessage());
        channel = new SmtpChannel(settings);
    }

    /** Empties GreenMail's mailboxes, so memory does not grow with the messages of earlier iterations. */
    @Setup(Level.Iteration)
    public void purge() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }

    /** Closes the channel's connections and stops GreenMail. */
    @TearDown(Level.Trial)
    public void stop() {
        channel.close();
        mail.stop();
    }

    /** One message delivered; fails the run when the server does not take it. */
    @Benchmark
    @Threads(1)
    public Delivery deliver() {
        Delivery d = channel.deliver(MESSAGES[next++ & (MESSAGES.length - 1)]);
        if (d.outcome() != Delivery.Outcome.ACCEPTED) {
            throw new IllegalStateException("GreenMail did not take the message: " + d.detail());
        }
        return d;
    }
}
