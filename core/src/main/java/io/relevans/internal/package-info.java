/**
 * The engine's internals: not part of the API, may change in any release. Sub-packages: feature
 * (incremental feature state), engine (rule compilation and evaluation with Drools: the only code
 * that imports {@code org.kie} or {@code org.drools}), profile (how events change a profile),
 * program (journeys, guards, dispatch), step (the pure work on one customer: record and input in, new
 * record and effects out), runtime (around the step: identity resolution, locks, loading, commits).
 */
@NullMarked
package io.relevans.internal;

import org.jspecify.annotations.NullMarked;
