package io.relevans.dsl.internal;

import java.util.Collection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** "Did you mean" hints: the closest candidate by edit distance (with transpositions). */
public final class Suggest {
    private Suggest() {
    }

    /** The closest candidate within a small distance of the word, if any. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        return closest(word, candidates, word == null || word.length() <= 3 ? 1 : 2);
    }

    /** The closest candidate within the distance (and closer than the word's length), if any. */
    public static Optional<String> closest(String word, Collection<String> candidates, int limit) {
        if (word == null || word.isEmpty() || word.length() > 64) {
            return Optional.empty();
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word)) {
                continue;
            }
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d <= limit && d < word.length() && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean 'x'?"} or an empty text. */
    public static String hint(String word, Collection<String> candidates) {
        return hint(closest(word, candidates));
    }

    private static String hint(Optional<String> closest) {
        return closest.map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** Candidates indexed for many look-ups, such as every unknown reference among all names of a kind. */
    public static Index index(Collection<String> candidates) {
        return new Index(candidates);
    }

    /**
     * Candidates in a trie of their lower-case forms, searched with the edit distance computed along its
     * paths, one row per character, leaving a branch as soon as no row value is within the distance: a
     * look-up visits only the names that share a close prefix with the word, not every candidate, and
     * gives exactly what {@link #closest(String, Collection)} gives (the first in order among equally
     * close ones).
     */
    public static final class Index {
        /**
         * Longer candidates are never within the distance of a word of at most 64 characters, whose lower
         * case has at most twice as many.
         */
        private static final int LONGEST = 2 * 64 + 2;

        private final Node root = new Node();
        private final String[] candidates;
        private final java.util.Map<String, Optional<String>> answers = new java.util.HashMap<>();

        private Index(Collection<String> candidates) {
            this.candidates = candidates.toArray(new String[0]);
            for (int i = 0; i < this.candidates.length; i++) {
                String lower = this.candidates[i].toLowerCase(java.util.Locale.ROOT);
                if (lower.length() <= LONGEST) {
                    Node n = root;
                    for (int k = 0; k < lower.length(); k++) {
                        n = n.child(lower.charAt(k));
                    }
                    n.ends = n.ends == null ? new int[] {i} : append(n.ends, i);
                }
            }
        }

        /** As {@link Suggest#closest(String, Collection)} over the candidates. */
        public Optional<String> closest(String word) {
            if (word == null || word.isEmpty() || word.length() > 64) {
                return Optional.empty();
            }
            return answers.computeIfAbsent(word, w -> new Search(w, this).run());
        }

        /** As {@link Suggest#hint(String, Collection)} over the candidates. */
        public String hint(String word) {
            return Suggest.hint(closest(word));
        }

        private static int[] append(int[] a, int i) {
            int[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = i;
            return b;
        }
    }

    /** A trie node: children by character, and the candidates whose lower-case form ends here. */
    private static final class Node {
        private char[] keys = new char[0];
        private Node[] children = new Node[0];
        private int @Nullable [] ends;

        Node child(char c) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == c) {
                    return children[i];
                }
            }
            keys = java.util.Arrays.copyOf(keys, keys.length + 1);
            children = java.util.Arrays.copyOf(children, children.length + 1);
            keys[keys.length - 1] = c;
            children[children.length - 1] = new Node();
            return children[children.length - 1];
        }
    }

    /** One look-up: the distance rows of the word against each trie path, the best candidate so far. */
    private static final class Search {
        private final String word;
        private final String lower;
        private final int limit;
        private final Index index;
        private final int[][] rows;
        private int best = -1;
        private int bestDistance = Integer.MAX_VALUE;

        Search(String word, Index index) {
            this.word = word;
            this.lower = word.toLowerCase(java.util.Locale.ROOT);
            this.limit = word.length() <= 3 ? 1 : 2;
            this.index = index;
            // a path longer than the word by more than the limit is never within it
            this.rows = new int[lower.length() + limit + 2][lower.length() + 1];
            for (int j = 0; j <= lower.length(); j++) {
                rows[0][j] = j;
            }
        }

        Optional<String> run() {
            consider(index.root, lower.length());
            descend(index.root, 0, '\0');
            return best < 0 ? Optional.empty() : Optional.of(index.candidates[best]);
        }

        /** The children of a node at a depth, whose row of distances is rows[depth]. */
        private void descend(Node node, int depth, char last) {
            int m = lower.length();
            int[] prev = rows[depth];
            int[] row = rows[depth + 1];
            for (int k = 0; k < node.keys.length; k++) {
                char c = node.keys[k];
                row[0] = depth + 1;
                int min = row[0];
                for (int j = 1; j <= m; j++) {
                    int v = Math.min(Math.min(prev[j] + 1, row[j - 1] + 1),
                            prev[j - 1] + (lower.charAt(j - 1) == c ? 0 : 1));
                    if (depth > 0 && j > 1 && lower.charAt(j - 1) == last && lower.charAt(j - 2) == c) {
                        v = Math.min(v, rows[depth - 1][j - 2] + 1);
                    }
                    row[j] = v;
                    min = Math.min(min, v);
                }
                Node child = node.children[k];
                consider(child, row[m]);
                if (min <= limit && depth + 2 < rows.length) { // no row beyond the limit gets closer again
                    descend(child, depth + 1, c);
                }
            }
        }

        private void consider(Node node, int distance) {
            if (node.ends == null || distance > limit || distance >= word.length() || distance > bestDistance) {
                return;
            }
            for (int i : node.ends) {
                if (!index.candidates[i].equals(word) && (distance < bestDistance || i < best)) {
                    best = i;
                    bestDistance = distance;
                    return; // ends are in candidate order
                }
            }
        }
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
