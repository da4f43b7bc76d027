package io.weir.controlplane.analytics;

import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.analytics.InvocationAggregate;
import java.util.function.Predicate;

/**
 * Which aggregates answer a query: the dimension whose figures cover exactly the asked scope (an API
 * and application → API_APPLICATION, an API → API, an application across APIs → API_APPLICATION,
 * nothing → ENVIRONMENT), and the values it must match (null = any).
 */
record AnalyticsFilter(AnalyticsDimension dimension, String apiId, String value, String environment)
        implements Predicate<InvocationAggregate> {

    static AnalyticsFilter of(String apiId, String applicationId, String environment) {
        if (applicationId != null) {
            return new AnalyticsFilter(AnalyticsDimension.API_APPLICATION, apiId, applicationId, environment);
        }
        if (apiId != null) {
            return new AnalyticsFilter(AnalyticsDimension.API, apiId, null, environment);
        }
        return new AnalyticsFilter(AnalyticsDimension.ENVIRONMENT, null, null, environment);
    }

    AnalyticsFilter in(AnalyticsDimension other) {
        return new AnalyticsFilter(other, apiId, other == AnalyticsDimension.API_APPLICATION ? value : null, environment);
    }

    @Override
    public boolean test(InvocationAggregate aggregate) {
        return aggregate.getDimension() == dimension
                && (apiId == null || apiId.equals(aggregate.getApiId()))
                && (value == null || value.equals(aggregate.getDimensionValue()))
                && (environment == null || environment.equals(aggregate.getEnvironment()));
    }
}
