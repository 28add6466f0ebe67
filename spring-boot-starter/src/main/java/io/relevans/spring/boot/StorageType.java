package io.relevans.spring.boot;

/** Where the auto-configured engine keeps customers, waiting programs and messages ({@code relevans.storage.type}). */
public enum StorageType {
    /** Core's in-memory stores: for one process, lost at restart; the default. */
    MEMORY,
    /**
     * {@code JdbcStorage} on the application's {@code DataSource} (PostgreSQL or H2), its tables migrated at
     * start; needs relevans-jdbc on the class path and a {@code DataSource} bean.
     */
    JDBC
}
