package io.relevans.spring.boot;

import io.relevans.jdbc.JdbcStorage;
import io.relevans.spi.Storage;
import javax.sql.DataSource;
import org.springframework.util.ClassUtils;

/**
 * Opens the JDBC storage. Its own class, so that the auto-configuration loads relevans-jdbc's classes
 * only when {@code relevans.storage.type=jdbc} asks for them: the module is optional.
 */
final class JdbcStorageFactory {

    private static final String STORAGE_CLASS = "io.relevans.jdbc.JdbcStorage";

    private JdbcStorageFactory() {
    }

    /** Whether relevans-jdbc is on the class path of the loader. */
    static boolean available(ClassLoader loader) {
        return ClassUtils.isPresent(STORAGE_CLASS, loader);
    }

    /** Migrates the Relevans tables and opens the storage on them. */
    static Storage open(DataSource dataSource, int cachedCustomers) {
        return JdbcStorage.open(dataSource, cachedCustomers);
    }
}
