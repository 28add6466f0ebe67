package io.relevans.dsl.internal;

import io.relevans.definition.Policies;
import io.relevans.definition.PriceRange;
import io.relevans.definition.Program;
import io.relevans.definition.Segment;
import java.util.ArrayList;
import java.util.List;

/** What one file held, with positions, before references across files are checked. */
public final class Parsed {

    /**
     * A value and where it was defined.
     *
     * @param value  the value
     * @param name   its name
     * @param line   the line of its name
     * @param column the column of its name
     * @param <T>    the type of value
     */
    public record Located<T>(T value, String name, int line, int column) {
    }

    /**
     * A name used somewhere.
     *
     * @param name   the name
     * @param line   the line
     * @param column the column
     */
    public record Ref(String name, int line, int column) {
    }

    /** The file name. */
    public final String file;
    /** Segments read without error. */
    public final List<Located<Segment>> segments = new ArrayList<>();
    /** Names of all segments declared, also those with errors. */
    public final List<Ref> segmentNames = new ArrayList<>();
    /** Programs read without error. */
    public final List<Located<Program>> programs = new ArrayList<>();
    /** Names of all programs declared. */
    public final List<Ref> programNames = new ArrayList<>();
    /** Price ranges read without error. */
    public final List<Located<PriceRange>> ranges = new ArrayList<>();
    /** Categories declared with a price range. */
    public final List<Ref> categoryNames = new ArrayList<>();
    /** Policies blocks. */
    public final List<Located<Policies>> policies = new ArrayList<>();
    /** Every reference to a segment. */
    public final List<Ref> segmentRefs = new ArrayList<>();
    /** Every category a price tier needs a range for. */
    public final List<Ref> tierCategoryRefs = new ArrayList<>();

    Parsed(String file) {
        this.file = file;
    }
}
