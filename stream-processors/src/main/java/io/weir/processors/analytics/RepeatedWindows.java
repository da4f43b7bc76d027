package io.weir.processors.analytics;

import io.weir.schema.analytics.AnalyticsWindowSize;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationKind;
import java.util.Objects;

/**
 * The eighteen windows (six dimension values, three sizes) the last in-time invocation of a partition
 * was counted in, so that the next one with the same dimension values in the same minute is counted
 * in them directly, without building, hashing and looking up eighteen window keys again. Consecutive
 * invocations of a busy API mostly repeat them (same organization, environment, API, application,
 * resource, status class and gateway node): this is most of what the fold costs per record.
 *
 * <p>What it remembers is valid only while every one of those windows is open, still in the fold's
 * memory and already marked changed, and while the dimensions' connection gauges stay as they were;
 * {@link InvocationFold} {@link #forget forgets} it whenever one of these may stop being true (a
 * drain, a restore, a gauge that moves), and {@link #matches} checks the rest per record (same
 * dimension values, same minute, stream time before the first of the windows closes). Counting
 * through it therefore changes exactly what the full path would.
 */
final class RepeatedWindows {

    /** The smallest window size: the hour and day windows of one minute are the same too (they nest). */
    private static final long MINUTE_MILLIS = WindowKey.length(AnalyticsWindowSize.MINUTE).toMillis();

    private boolean valid;
    private String organization;
    private String environment;
    private String apiId;
    private String applicationId;
    private String method;
    private String resource;
    private int statusCode;
    private String gatewayNode;
    private long minuteStart;
    /** Stream time at which the first of the windows closes (its end plus its grace). */
    private long firstClose;
    private WindowFigures[] figures;
    /** The connection gauge of each dimension value, as the full path reads it. */
    private long[] gauges;
    private long counted;

    /** Whether {@code invocation}, new and in time at {@code streamTime}, counts in the remembered windows. */
    boolean matches(Invocation invocation, long timestamp, long streamTime) {
        return valid
                && streamTime < firstClose
                && minuteStart(timestamp) == minuteStart
                && invocation.getKind() != InvocationKind.CONNECTION_OPENED
                && invocation.getKind() != InvocationKind.CONNECTION_CLOSED
                && sameStatusClass(invocation.getStatusCode(), statusCode)
                && invocation.getApiId().equals(apiId)
                && Objects.equals(invocation.getApplicationId(), applicationId)
                && invocation.getResource().equals(resource)
                && invocation.getMethod().equals(method)
                && invocation.getGatewayNode().equals(gatewayNode)
                && invocation.getEnvironment().equals(environment)
                && invocation.getOrganization().equals(organization);
    }

    /** Counts a matching invocation in each remembered window, as the full path would. */
    void count(Invocation invocation) {
        counted++;
        for (int i = 0; i < figures.length; i++) {
            figures[i].count(invocation, gauges[i % gauges.length]);
        }
    }

    /**
     * Remembers the windows {@code invocation} was just counted in: {@code figures} in the fold's
     * order (size by size, dimension by dimension), each open until at least {@code firstClose}.
     */
    void remember(Invocation invocation, long timestamp, WindowFigures[] figures, long[] gauges, long firstClose) {
        this.organization = invocation.getOrganization();
        this.environment = invocation.getEnvironment();
        this.apiId = invocation.getApiId();
        this.applicationId = invocation.getApplicationId();
        this.method = invocation.getMethod();
        this.resource = invocation.getResource();
        this.statusCode = invocation.getStatusCode();
        this.gatewayNode = invocation.getGatewayNode();
        this.minuteStart = minuteStart(timestamp);
        this.figures = figures;
        this.gauges = gauges;
        this.firstClose = firstClose;
        this.valid = true;
    }

    /** Invocations counted through it so far (tests, and the fold's own figures). */
    long counted() {
        return counted;
    }

    void forget() {
        valid = false;
        figures = null;
        gauges = null;
    }

    private static long minuteStart(long timestamp) {
        return timestamp - Math.floorMod(timestamp, MINUTE_MILLIS);
    }

    /** Same value of {@link InvocationOutcome#statusClass}, without building the strings. */
    private static boolean sameStatusClass(int a, int b) {
        boolean httpA = a >= 100 && a < 600;
        boolean httpB = b >= 100 && b < 600;
        return httpA == httpB && (!httpA || a / 100 == b / 100);
    }
}
