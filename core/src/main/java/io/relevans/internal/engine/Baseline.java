package io.relevans.internal.engine;

import io.relevans.customer.Customer;

/**
 * What a customer's stored memberships were evaluated from: the stored profile, the feature values at
 * the moment of that evaluation, and the moment. Given with the stored memberships, it lets an
 * evaluation skip the rules of every segment none of whose tests can give another answer now.
 *
 * @param customer the profile the memberships were evaluated for
 * @param features the feature values then, in plan order
 * @param at       the moment of that evaluation, epoch milliseconds
 */
public record Baseline(Customer customer, double[] features, long at) {
}
