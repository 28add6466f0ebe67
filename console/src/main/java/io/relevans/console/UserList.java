package io.relevans.console;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The console's own list of users, for the console on its own ({@link ConsoleServer}) or an application
 * without a sign-in of its own: names, roles and passwords, kept only as salted PBKDF2 hashes. The console
 * then shows a sign-in form and accepts HTTP Basic credentials on its API.
 *
 * <pre>{@code
 * UserList users = UserList.builder()
 *         .user("kari", "a long password", Role.STAFF)
 *         .user("marit", "another one", Role.MARKETER)
 *         .build();
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class UserList {

    /** The shortest password the list accepts. */
    public static final int MIN_PASSWORD = 6;
    /** The most users the list holds. */
    public static final int MAX_USERS = 1_000;
    private static final int ITERATIONS = 120_000;
    private static final int SALT = 16;
    private static final int BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(ConsoleUser user, byte[] salt, byte[] hash) {
    }

    private final Map<String, Entry> users;
    /** Compared against when the name is unknown, so that a wrong name takes as long as a wrong password. */
    private final Entry decoy;

    private UserList(Map<String, Entry> users) {
        this.users = Map.copyOf(users);
        byte[] salt = new byte[SALT];
        RANDOM.nextBytes(salt);
        this.decoy = new Entry(ConsoleUser.of("decoy", Role.STAFF), salt, hash("decoy".toCharArray(), salt));
    }

    /** Starts a list. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The user with the name and password, if both are right.
     *
     * @param name     the name; null (a form without it) matches no user
     * @param password the password; null matches no password
     * @return the user, or empty when the name is unknown or the password wrong
     */
    public Optional<ConsoleUser> check(@Nullable String name, @Nullable String password) {
        if (name == null || password == null) {
            return Optional.empty();
        }
        Entry e = users.get(name);
        Entry against = e != null ? e : decoy;
        boolean same = MessageDigest.isEqual(against.hash(), hash(password.toCharArray(), against.salt()));
        return e != null && same ? Optional.of(e.user()) : Optional.empty();
    }

    /** How many users the list holds. */
    public int size() {
        return users.size();
    }

    private static byte[] hash(char[] password, byte[] salt) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(password, '\0');
        }
    }

    /** Collects users; each setter validates at once. */
    public static final class Builder {

        private final Map<String, Entry> users = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a user.
         *
         * @throws IllegalArgumentException when the name is taken or invalid ({@link ConsoleUser}), the password
         *                                  shorter than {@link #MIN_PASSWORD} characters, there is no role, or
         *                                  the list would pass {@link #MAX_USERS}
         */
        public Builder user(String name, String password, Role... roles) {
            Objects.requireNonNull(password, "password");
            ConsoleUser user = new ConsoleUser(name, Set.of(roles));
            if (users.containsKey(name)) {
                throw new IllegalArgumentException("console user '" + name + "' was already added");
            }
            if (password.length() < MIN_PASSWORD) {
                throw new IllegalArgumentException("the password of console user '" + name + "' must have at least "
                        + MIN_PASSWORD + " characters");
            }
            if (users.size() == MAX_USERS) {
                throw new IllegalArgumentException("a user list holds at most " + MAX_USERS + " users");
            }
            byte[] salt = new byte[SALT];
            RANDOM.nextBytes(salt);
            users.put(name, new Entry(user, salt, hash(password.toCharArray(), salt)));
            return this;
        }

        /**
         * The list.
         *
         * @throws IllegalStateException when no user was added
         */
        public UserList build() {
            if (users.isEmpty()) {
                throw new IllegalStateException("a user list needs at least one user");
            }
            return new UserList(users);
        }
    }
}
