package io.relevans.internal.engine;

/** Rule fact: one feature value of the customer under evaluation (only features that have a value). */
public final class FeatureFact {
    private final int feature;
    private final double value;

    FeatureFact(int feature, double value) {
        this.feature = feature;
        this.value = value;
    }

    /** The feature's id, its position in the feature plan. */
    public int getFeature() {
        return feature;
    }

    /** The value. */
    public double getValue() {
        return value;
    }
}
