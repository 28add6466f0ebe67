package io.relevans.jdbc;

import io.relevans.Relevans;
import io.relevans.json.EventJson;
import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One engine of the {@link SharedWorkload} in a process of its own, as one instance of a retailer's
 * application: it works on the shared database named by its first argument and takes commands on
 * standard input, one per line, answering {@code ok <seq>} on standard output when a command is done:
 * {@code I <seq> <epoch millis> <event JSON>} ingests the event at that moment, {@code T <seq> <epoch
 * millis>} ticks, {@code Q} quits. Every message handed to its channel is appended, with the second
 * argument (the incarnation's name), to the file named by the third, one line each.
 */
public final class SharedEngineProcess {

    private SharedEngineProcess() {
    }

    /**
     * Runs the engine.
     *
     * @param args the database URL, the incarnation's name, the deliveries file
     */
    public static void main(String[] args) throws IOException {
        String url = args[0];
        String incarnation = args[1];
        DataSource dataSource;
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            dataSource = h2;
        } else {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            dataSource = pg;
        }
        SharedClock clock = new SharedClock(SharedWorkload.START); // set by the commands, never back
        try (OutputStream deliveries = new FileOutputStream(args[2], true);
             ReusingDataSource pool = new ReusingDataSource(dataSource)) {
            Relevans engine = SharedWorkload.engine(JdbcStorage.open(pool), clock,
                    SharedWorkload.recording(m -> {
                        try {
                            deliveries.write((incarnation + " " + m.id() + "\n").getBytes(StandardCharsets.UTF_8));
                            deliveries.flush();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
            PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true,
                    StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            out.println("ready");
            String line;
            while ((line = in.readLine()) != null && !line.equals("Q")) {
                String[] parts = line.split(" ", 4);
                clock.advanceTo(Instant.ofEpochMilli(Long.parseLong(parts[2])));
                if (parts[0].equals("I")) {
                    engine.ingest(EventJson.read(parts[3]));
                } else {
                    engine.tick();
                }
                out.println("ok " + parts[1]);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
