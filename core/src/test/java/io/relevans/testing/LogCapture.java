package io.relevans.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what every logger writes while it is open: SLF4J's simple backend (which writes each line
 * to the current {@code System.err}, at INFO and above unless configured otherwise), anything written
 * to {@code System.out} or {@code System.err}, and {@code java.util.logging} records at INFO and above
 * (libraries that log there). The output still reaches the console. Not for tests running in parallel.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     workload();
 *     assertFalse(logs.text().contains("anna@example.com"));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream oldOut = System.out;
    private final PrintStream oldErr = System.err;
    private final Handler julHandler;

    private LogCapture() {
        System.setOut(new PrintStream(new Tee(oldOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(oldErr), true, StandardCharsets.UTF_8));
        julHandler = new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    byte[] line = format.format(record).getBytes(StandardCharsets.UTF_8);
                    synchronized (captured) {
                        captured.write(line, 0, line.length);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger.getLogger("").addHandler(julHandler);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything captured so far. */
    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Stops capturing and restores the console streams. */
    @Override
    public void close() {
        System.out.flush();
        System.err.flush();
        System.setOut(oldOut);
        System.setErr(oldErr);
        Logger.getLogger("").removeHandler(julHandler);
    }

    /** Writes to the capture and to the stream it replaced. */
    private final class Tee extends OutputStream {
        private final OutputStream console;

        Tee(OutputStream console) {
            this.console = console;
        }

        @Override
        public void write(int b) {
            synchronized (captured) {
                captured.write(b);
            }
            try {
                console.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (captured) {
                captured.write(b, off, len);
            }
            try {
                console.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
