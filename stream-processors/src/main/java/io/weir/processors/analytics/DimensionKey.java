package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsDimension;
import io.weir.schema.invocation.Invocation;
import java.util.List;

/**
 * One value of one analytics dimension, always within an organization and an environment: what
 * the figures of a window are counted for. {@code apiId} is null for the dimensions that span APIs
 * (gateway node, environment); {@code value} is empty for API and ENVIRONMENT.
 */
record DimensionKey(String organization, String environment, AnalyticsDimension dimension, String apiId,
                    String value) {

    /** Application value of invocations that carry no application (anonymous or refused before auth). */
    static final String NO_APPLICATION = "-";

    /** The six dimension values an invocation is counted under. */
    static List<DimensionKey> of(Invocation invocation) {
        String organization = invocation.getOrganization();
        String environment = invocation.getEnvironment();
        String api = invocation.getApiId();
        String application = invocation.getApplicationId() == null ? NO_APPLICATION : invocation.getApplicationId();
        return List.of(
                new DimensionKey(organization, environment, AnalyticsDimension.API, api, ""),
                new DimensionKey(organization, environment, AnalyticsDimension.API_APPLICATION, api, application),
                new DimensionKey(organization, environment, AnalyticsDimension.API_RESOURCE, api,
                        invocation.getMethod() + " " + invocation.getResource()),
                new DimensionKey(organization, environment, AnalyticsDimension.API_STATUS_CLASS, api,
                        InvocationOutcome.statusClass(invocation.getStatusCode())),
                new DimensionKey(organization, environment, AnalyticsDimension.GATEWAY_NODE, null,
                        invocation.getGatewayNode()),
                new DimensionKey(organization, environment, AnalyticsDimension.ENVIRONMENT, null, ""));
    }

    /**
     * The key on weir.analytics.invocations (with window and partition appended by {@link WindowKey}):
     * parts joined by '/', each part percent-escaping '/' and '%' so that keys never collide.
     */
    String topicKeyPrefix() {
        return escape(organization) + '/' + escape(environment) + '/' + dimension.name() + '/'
                + (apiId == null ? "" : escape(apiId)) + '/' + escape(value);
    }

    static String escape(String part) {
        if (part.indexOf('/') < 0 && part.indexOf('%') < 0) {
            return part;
        }
        return part.replace("%", "%25").replace("/", "%2F");
    }
}
