package io.relevans.console;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A person signed in to the console: a name, for the audit log and the pages, and the roles that decide what
 * they may see and do. Serializable, as it is kept in the servlet session.
 *
 * @param name  the name, 1..100 characters without control characters
 * @param roles the roles, at least one
 */
public record ConsoleUser(String name, Set<Role> roles) implements Serializable {

    /**
     * Copies the roles.
     *
     * @throws IllegalArgumentException when the name is blank, longer than 100 characters or holds a control
     *                                  character, or when there is no role
     */
    public ConsoleUser {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a console user's name must be 1..100 characters without control "
                    + "characters");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("console user '" + name + "' needs at least one role");
        }
        roles = Set.copyOf(EnumSet.copyOf(roles));
    }

    /** A user with the roles given. */
    public static ConsoleUser of(String name, Role... roles) {
        return new ConsoleUser(name, Set.of(roles));
    }

    /** Whether the user has the role, or is an admin. */
    public boolean may(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }
}
