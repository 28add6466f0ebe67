package io.relevans.spring.boot;

import static io.relevans.spring.boot.TestEvents.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.relevans.IngestResult;
import io.relevans.Relevans;
import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.Storage;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** relevans.storage.type=jdbc: JdbcStorage on the application's DataSource, and its health. */
class JdbcStorageTest {

    private final ApplicationContextRunner runner = TestEvents.runner();

    @Test
    @DisplayName("JDBC storage on the DataSource Boot builds from spring.datasource.url (H2): migrations applied, customers stored there")
    void jdbcStorage_onTheApplicationsDataSource() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter-jdbc;DB_CLOSE_DELAY=-1",
                        "relevans.storage.type=jdbc", "relevans.storage.jdbc.cached-customers=0",
                        "relevans.definitions.location=classpath:rules/segments")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
                    assertThat(context.getBean(Storage.class)).isInstanceOf(JdbcStorage.class);
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(count(dataSource, "select count(*) from \"" + JdbcStorage.HISTORY_TABLE
                            + "\" where \"success\" = true")).as("migrations applied").isGreaterThanOrEqualTo(5);

                    IngestResult r = context.getBean(Relevans.class).ingest(purchase("ada@example.com", 4990));
                    assertThat(r.entered()).containsExactly("buyers");
                    assertThat(count(dataSource, "select count(*) from relevans_customer where customer_id = '"
                            + r.customer().value() + "'")).isEqualTo(1);
                    assertThat(JdbcStorage.migrate(dataSource)).as("a second run applies nothing").isZero();
                });
    }

    @Test
    @DisplayName("the relevans health is UP while the database answers and DOWN, naming the storage, when it does not")
    void health_downWhenStorageUnreachable() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:starter-health;DB_CLOSE_DELAY=-1");
        runner.withBean(DataSource.class, () -> h2).withPropertyValues("relevans.storage.type=jdbc").run(context -> {
            assertThat(context).hasNotFailed();
            RelevansHealthIndicator indicator = context.getBean(RelevansHealthIndicator.class);
            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("storage", "reachable");

            try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN"); // the database goes away
            }
            h2.setURL("jdbc:h2:mem:starter-health;IFEXISTS=TRUE"); // and is not made anew
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("storage", "unreachable");
            assertThat(String.valueOf(down.getDetails().get("error"))).contains("StorageException");
            assertThat(String.valueOf(down.getDetails().get("cause"))).contains("starter-health");
            @SuppressWarnings("unchecked")
            Map<String, Object> definitions = (Map<String, Object>) down.getDetails().get("definitions");
            assertThat(definitions).containsEntry("segments", 0);
        });
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
