package io.relevans.benchmarks.workload;

import java.util.List;

/** The retailer's categories, their price ranges and its stores, shared by the workload and the baselines. */
public final class Catalogue {

    /** Product categories. */
    public static final List<String> CATEGORIES = List.of("tv", "washing_machines", "party_dresses",
            "balcony_furniture", "tents", "sleeping_bags", "sunglasses", "coffee_makers", "sofas", "running_shoes");

    /** Stores. */
    public static final List<String> STORES = List.of("oslo", "bergen", "trondheim", "stavanger", "tromso");

    private Catalogue() {
    }

    /** The lowest price in a category. */
    public static double minPrice(String category) {
        return 10 * (1 + CATEGORIES.indexOf(category));
    }

    /** The highest price in a category. */
    public static double maxPrice(String category) {
        return minPrice(category) * 40;
    }

    /** Where a price sits in its category's range, 0 to 1, as the engine's price tiers place it. */
    public static double share(String category, double price) {
        double min = minPrice(category);
        return Math.max(0, Math.min(1, (price - min) / (maxPrice(category) - min)));
    }
}
