/**
 * Not code: the schema migrations for PostgreSQL are SQL resources in this package
 * ({@code src/main/resources/db/migration/relevans/postgresql}). This file makes the package known to the compiler so that
 * {@code module-info.java} can open it: Flyway finds the scripts through the class loader, which on the module
 * path sees resources of a named module only in packages opened to all.
 */
@NullMarked
package db.migration.relevans.postgresql;

import org.jspecify.annotations.NullMarked;
