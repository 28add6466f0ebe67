/** Customer store, timer store and outbox on PostgreSQL or H2 through JDBC, with Flyway schema migrations. */
module io.relevans.jdbc {
    exports io.relevans.jdbc;

    requires transitive io.relevans.core;
    requires transitive java.sql; // the stores take a javax.sql.DataSource
    requires static transitive org.jspecify;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;
    requires flyway.core;

    // Flyway finds the migrations (db/migration/relevans/<database>/*.sql) as resources through the class
    // loader: on the module path only in packages opened to all (each has a package-info.java for javac)
    opens db.migration.relevans.h2;
    opens db.migration.relevans.postgresql;
}
