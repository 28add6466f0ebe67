/**
 * The Relevans storage SPI on a JDBC {@link javax.sql.DataSource}: {@link io.relevans.jdbc.JdbcCustomerStore},
 * {@link io.relevans.jdbc.JdbcTimerStore} and {@link io.relevans.jdbc.JdbcOutbox}, for PostgreSQL and
 * H2, with the schema migrations applied by {@link io.relevans.jdbc.JdbcStorage}. Each write is one
 * transaction; failures are {@link io.relevans.jdbc.StorageException}s.
 */
@NullMarked
package io.relevans.jdbc;

import org.jspecify.annotations.NullMarked;
