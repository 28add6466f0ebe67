package io.relevans.internal.engine;

/** Rule fact, inserted logically: the customer is a member of the segment with this id. Equal by segment. */
public final class Member {
    private final int segment;

    /** @param segment the segment id */
    public Member(int segment) {
        this.segment = segment;
    }

    /** The segment id. */
    public int getSegment() {
        return segment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Member m && m.segment == segment;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(segment);
    }
}
