package io.weir.e2e.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.weir.e2e.Platform;
import io.weir.e2e.analytics.ExpectedAnalytics.Figures;
import io.weir.e2e.analytics.ExpectedAnalytics.Size;
import io.weir.harness.SharedComponents;
import io.weir.harness.load.InvocationLoad;
import io.weir.schema.catalogue.TopicNaming;
import io.weir.schema.catalogue.Topics;
import io.weir.schema.invocation.Invocation;
import io.weir.schema.invocation.InvocationBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

/**
 * Analytics end to end on the packaged processors and control plane: a known set of invocations —
 * out-of-order, late (two hours behind) and repeated deliveries among them — is produced to
 * weir.invocation-batches, and every figure the query API returns, at minute, hour and day resolution,
 * equals the figure computed independently here ({@link ExpectedAnalytics}). Then bad queries,
 * the freshness of the query side (produce → visible, p99), and the dashboard in headless Chromium.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsScenarioIT {

    private static final int PARTITIONS = Topics.INVOCATION_BATCHES.partitions();
    private static Platform platform;
    private static String token;
    private static String apiId;
    private static List<Invocation> known;
    private static ExpectedAnalytics expected;

    @BeforeAll
    static void knownInvocations() throws Exception {
        platform = Platform.get();
        Awaitility.await().alias("the control plane seeded its admin").atMost(Duration.ofSeconds(90)).until(platform::seeded);
        Properties admin = platform.adminCredentials();
        token = Awaitility.await().alias("the admin can sign in").atMost(Duration.ofSeconds(60))
                .until(() -> passwordToken(admin.getProperty("username"), admin.getProperty("password")), t -> t != null);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path petstore = Path.of(System.getProperty("weir.repo", "../..")).resolve(
                "control-plane/src/test/resources/definitions/valid/openapi-3.0-petstore.yaml");
        apiId = authorized().contentType("application/yaml").body(Files.readAllBytes(petstore))
                .queryParam("context", "/analytics-" + suffix).post("/api/v1/apis/import")
                .then().statusCode(201).extract().jsonPath().getString("apiId");

        // stamped within the last 12 s: invocations other tests wrote before cannot be ahead of these in
        // stream time, so which windows are closed depends on this set only (ExpectedAnalytics' premise)
        Instant now = Instant.now();
        known = InvocationLoad.builder().seed(suffix.hashCode()).organization("default").apis(List.of(apiId))
                .environments(List.of("e2e-a-" + suffix, "e2e-b-" + suffix)).nodes(List.of("n1-" + suffix, "n2-" + suffix))
                .start(now.minus(Duration.ofSeconds(12))).spacing(Duration.ofMillis(20))
                .repeatedEvery(23).outOfOrderEvery(17, Duration.ofSeconds(25)).lateEvery(97, Duration.ofHours(2))
                .streamingEvery(9).generate(600);
        try (KafkaProducer<String, InvocationBatch> producer = InvocationLoad.producer(SharedComponents.kafka().bootstrapServers(),
                SharedComponents.registry().url())) {
            known = InvocationLoad.produce(producer, TopicNaming.defaults().name(Topics.INVOCATION_BATCHES), known, 40);
        }
        expected = new ExpectedAnalytics(known, PARTITIONS);
    }

    @Test
    @Order(1)
    void everyFigureTheApiReturnsEqualsTheOneComputedFromTheKnownSet() {
        Instant first = known.stream().map(Invocation::getTimestamp).min(Instant::compareTo).orElseThrow();
        Instant last = known.stream().map(Invocation::getTimestamp).max(Instant::compareTo).orElseThrow();
        for (Size size : Size.values()) {
            Instant from = Instant.ofEpochMilli(size.start(first.toEpochMilli()));
            Instant to = Instant.ofEpochMilli(size.start(last.toEpochMilli()) + size.length);
            String resolution = size.name().toLowerCase(Locale.ROOT);
            Figures all = expected.figures(size, from, to, i -> true);
            assertThat(all.late + all.duplicates).as("the known set has late or repeated deliveries").isPositive();
            Awaitility.await().alias(size + " figures of the known set are visible").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertSummary(
                            summary(Map.of("apiId", apiId, "from", from, "to", to, "resolution", resolution)), all, size));
            String environment = known.get(0).getEnvironment();
            assertSummary(summary(Map.of("apiId", apiId, "environment", environment, "from", from, "to", to,
                    "resolution", resolution)), expected.figures(size, from, to, i -> i.getEnvironment().equals(environment)), size);
        }

        Instant from = Instant.ofEpochMilli(Size.MINUTE.start(first.toEpochMilli()));
        Instant to = Instant.ofEpochMilli(Size.MINUTE.start(last.toEpochMilli()) + Size.MINUTE.length);
        Map<String, Object> range = Map.of("apiId", apiId, "from", from, "to", to, "resolution", "minute");
        JsonPath series = get("/api/v1/analytics/timeseries", with(range, "measure", "requests"));
        Map<Long, Long> points = new HashMap<>();
        series.getList("points", Map.class).forEach(p -> points.put(Instant.parse((String) p.get("start")).toEpochMilli(),
                ((Number) p.get("value")).longValue()));
        Map<Long, Long> expectedPoints = expected.requestsPerWindow(Size.MINUTE, i -> true);
        points.forEach((start, value) -> assertThat(value).as("requests of the window at " + Instant.ofEpochMilli(start))
                .isEqualTo(expectedPoints.getOrDefault(start, 0L)));
        assertThat(points.keySet()).containsAll(expectedPoints.keySet());

        JsonPath top = get("/api/v1/analytics/top", with(with(range, "by", "applications"), "limit", "100"));
        Map<String, Long> byApplication = new HashMap<>();
        for (String application : List.of("app-0", "app-1", "app-2", "app-3", "-")) {
            Predicate<Invocation> of = i -> application.equals(i.getApplicationId() == null ? "-" : i.getApplicationId());
            Figures figures = expected.figures(Size.MINUTE, from, to, of);
            if (figures.requests + figures.messages + figures.late + figures.duplicates + figures.connectionsOpened
                    + figures.connectionsClosed > 0) {
                byApplication.put(application, figures.requests + figures.messages);
            }
        }
        Map<String, Long> ranked = new HashMap<>();
        top.getList("items", Map.class).forEach(item -> ranked.put((String) item.get("id"), ((Number) item.get("requests")).longValue()));
        assertThat(ranked).isEqualTo(byApplication);

        JsonPath errors = get("/api/v1/analytics/errors", range);
        for (String statusClass : List.of("2xx", "4xx", "5xx", "1xx", "other")) {
            Figures figures = expected.figures(Size.MINUTE, from, to, i -> statusClass(i.getStatusCode()).equals(statusClass));
            long count = figures.requests + figures.messages + figures.connectionsOpened + figures.connectionsClosed;
            Object returned = errors.getMap("byStatusClass").get(statusClass);
            assertThat(returned == null ? 0L : ((Number) returned).longValue()).as("invocations answered " + statusClass)
                    .isEqualTo(count);
        }
    }

    @Test
    @Order(2)
    void badQueriesAreClearProblems() {
        problem("/api/v1/analytics/summary", Map.of("apiId", "no-such-api"), 404, "not-found");
        problem("/api/v1/analytics/summary", Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-06-01T00:00:00Z",
                "resolution", "minute"), 400, "range-too-large");
        problem("/api/v1/analytics/latency", Map.of("resolution", "week"), 400, "invalid-parameter");
        problem("/api/v1/analytics/timeseries", Map.of("measure", "happiness"), 400, "invalid-parameter");
        problem("/api/v1/analytics/top", Map.of("by", "users"), 400, "invalid-parameter");
        given().baseUri(platform.url()).get("/api/v1/analytics/summary").then().statusCode(401)
                .contentType("application/problem+json");
        JsonPath openApi = given().baseUri(platform.url()).get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
        assertThat(openApi.getMap("paths").keySet()).as("documented analytics paths").contains(
                "/api/v1/analytics/summary", "/api/v1/analytics/timeseries", "/api/v1/analytics/top",
                "/api/v1/analytics/latency", "/api/v1/analytics/errors", "/api/v1/analytics/connections");
    }

    /** Last: its probes add requests to the API (in an environment of their own). */
    @Test
    @Order(4)
    void anInvocationIsVisibleInTheQueryApiWithinTwoSecondsAtP99() {
        List<Long> millis = new ArrayList<>();
        try (KafkaProducer<String, InvocationBatch> producer = InvocationLoad.producer(SharedComponents.kafka().bootstrapServers(),
                SharedComponents.registry().url())) {
            for (int probe = -3; probe < 30; probe++) { // three to warm up (connections, schema lookups), not counted
                Instant now = Instant.now();
                Map<String, Object> range = Map.of("apiId", apiId, "environment", "freshness",
                        "from", now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5)),
                        "to", now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2)), "resolution", "minute");
                long before = summary(range).getLong("requests");
                Invocation one = InvocationLoad.builder().seed(UUID.randomUUID().getMostSignificantBits())
                        .organization("default").apis(List.of(apiId)).environments(List.of("freshness")).start(now)
                        .generate(1).get(0);
                long sent = System.nanoTime();
                InvocationLoad.produce(producer, TopicNaming.defaults().name(Topics.INVOCATION_BATCHES), List.of(one));
                Awaitility.await().alias("probe " + probe + " visible").atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(20)).until(() -> summary(range).getLong("requests") > before);
                if (probe >= 0) {
                    millis.add((System.nanoTime() - sent) / 1_000_000);
                }
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
        System.out.printf(Locale.ROOT, "analytics freshness, produce -> visible in /api/v1/analytics (30 probes): "
                + "p50 %d ms, p99 %d ms, max %d ms; all: %s%n", p50, p99, sorted.get(sorted.size() - 1), millis);
        assertThat(p99).as("freshness p99 in ms").isLessThanOrEqualTo(2000);
    }

    @Test
    @Order(3)
    void theDashboardRendersTheKnownFiguresInHeadlessChromium() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(HeadlessChromium.available() || System.getenv("CI") != null,
                "no chromium here (.ci/run installs it)");
        Instant first = known.stream().map(Invocation::getTimestamp).min(Instant::compareTo).orElseThrow();
        Instant last = known.stream().map(Invocation::getTimestamp).max(Instant::compareTo).orElseThrow();
        Instant from = Instant.ofEpochMilli(Size.MINUTE.start(first.toEpochMilli()));
        Instant to = Instant.ofEpochMilli(Size.MINUTE.start(last.toEpochMilli()) + Size.MINUTE.length);
        String environment = known.get(0).getEnvironment();
        Figures figures = expected.figures(Size.MINUTE, from, to, i -> i.getEnvironment().equals(environment));
        Awaitility.await().alias("the known set is visible").atMost(Duration.ofSeconds(60)).until(() -> summary(Map.of(
                "apiId", apiId, "environment", environment, "from", from, "to", to, "resolution", "minute"))
                .getLong("requests") == figures.requests);
        String page = platform.url() + "/console/analytics#token=" + token + "&api=" + apiId + "&environment=" + environment
                + "&from=" + from + "&to=" + to + "&resolution=minute";

        String dom = HeadlessChromium.dumpDom(page);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "analytics-dashboard.html"), dom);
        assertThat(dom).as("rendered dashboard").contains("data-rendered=\"true\"");
        assertThat(figure(dom, "requests")).isEqualTo(String.valueOf(figures.requests));
        assertThat(figure(dom, "errors")).isEqualTo(String.valueOf(figures.errors()));
        assertThat(figure(dom, "late")).isEqualTo(String.valueOf(figures.late));
        assertThat(figure(dom, "duplicates")).isEqualTo(String.valueOf(figures.duplicates));
        assertThat(chartSums(dom, "volume")).startsWith("[" + figures.requests + "," + figures.messages + "]");
        assertThat(chartSums(dom, "errors")).isEqualTo("[" + figures.errors() + "]");
        assertThat(chartSums(dom, "connections")).isEqualTo("[" + figures.connectionsOpened + "," + figures.connectionsClosed + "]");
        Path screenshot = Path.of("target", "analytics-dashboard.png");
        HeadlessChromium.screenshot(page, screenshot);
        assertThat(Files.size(screenshot)).as("screenshot size").isGreaterThan(10_000);
    }

    private static void assertSummary(JsonPath summary, Figures figures, Size size) {
        String at = size + " ";
        assertThat(summary.getLong("requests")).as(at + "requests").isEqualTo(figures.requests);
        assertThat(summary.getLong("messages")).as(at + "messages").isEqualTo(figures.messages);
        assertThat(summary.getLong("errors.clientErrors")).as(at + "4xx").isEqualTo(figures.clientErrors);
        assertThat(summary.getLong("errors.serverErrors")).as(at + "5xx").isEqualTo(figures.serverErrors);
        assertThat(summary.getLong("errors.throttled")).as(at + "throttled").isEqualTo(figures.throttled);
        assertThat(summary.getLong("errors.authFailures")).as(at + "auth failures").isEqualTo(figures.authFailures);
        assertThat(summary.getLong("requestBytes")).as(at + "request bytes").isEqualTo(figures.requestBytes);
        assertThat(summary.getLong("responseBytes")).as(at + "response bytes").isEqualTo(figures.responseBytes);
        assertThat(summary.getLong("late")).as(at + "late").isEqualTo(figures.late);
        assertThat(summary.getLong("duplicates")).as(at + "duplicates").isEqualTo(figures.duplicates);
        assertThat(summary.getLong("streaming.connectionsOpened")).as(at + "opened").isEqualTo(figures.connectionsOpened);
        assertThat(summary.getLong("streaming.connectionsClosed")).as(at + "closed").isEqualTo(figures.connectionsClosed);
        assertThat(summary.getLong("streaming.messagesInbound")).as(at + "messages in").isEqualTo(figures.messagesInbound);
        assertThat(summary.getLong("streaming.messagesOutbound")).as(at + "messages out").isEqualTo(figures.messagesOutbound);
        assertThat(summary.getLong("streaming.bytesInbound")).as(at + "bytes in").isEqualTo(figures.bytesInbound);
        assertThat(summary.getLong("streaming.bytesOutbound")).as(at + "bytes out").isEqualTo(figures.bytesOutbound);
        for (String latency : List.of("gatewayLatency", "backendLatency")) {
            org.HdrHistogram.Histogram histogram = latency.equals("gatewayLatency") ? figures.gateway : figures.backend;
            assertThat(summary.getLong(latency + ".count")).as(at + latency + " count").isEqualTo(histogram.getTotalCount());
            for (int percentile : List.of(50, 95, 99)) {
                assertThat(summary.getLong(latency + ".p" + percentile)).as(at + latency + " p" + percentile)
                        .isEqualTo(histogram.getValueAtPercentile(percentile));
            }
            assertThat(summary.getLong(latency + ".max")).as(at + latency + " max").isEqualTo(histogram.getMaxValue());
        }
    }

    private static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "other";
    }

    private static String figure(String dom, String name) {
        Matcher matcher = Pattern.compile("data-figure=\"" + name + "\">([^<]*)<").matcher(dom);
        assertThat(matcher.find()).as("figure " + name + " in the page").isTrue();
        return matcher.group(1);
    }

    private static String chartSums(String dom, String canvas) {
        Matcher matcher = Pattern.compile("<canvas id=\"" + canvas + "\"[^>]*data-sums=\"([^\"]*)\"").matcher(dom);
        assertThat(matcher.find()).as("chart " + canvas + " drawn").isTrue();
        return matcher.group(1).replace("&quot;", "\"");
    }

    private static Map<String, Object> with(Map<String, Object> params, String name, Object value) {
        Map<String, Object> more = new HashMap<>(params);
        more.put(name, value);
        return more;
    }

    private static JsonPath summary(Map<String, Object> params) {
        return get("/api/v1/analytics/summary", params);
    }

    private static JsonPath get(String path, Map<String, Object> params) {
        RequestSpecification request = authorized();
        params.forEach((name, value) -> request.queryParam(name, String.valueOf(value)));
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    private static void problem(String path, Map<String, Object> params, int status, String type) {
        RequestSpecification request = authorized();
        params.forEach((name, value) -> request.queryParam(name, String.valueOf(value)));
        request.get(path).then().statusCode(status).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/" + type));
    }

    private static RequestSpecification authorized() {
        return given().baseUri(platform.url()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String passwordToken(String username, String password) {
        var response = given().baseUri(platform.url()).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token");
        return response.statusCode() == 200 ? response.jsonPath().getString("access_token") : null;
    }
}
