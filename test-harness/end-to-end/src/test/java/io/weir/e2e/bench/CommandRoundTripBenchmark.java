package io.weir.e2e.bench;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.weir.e2e.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * On demand, not in CI (its name matches no test pattern):
 * {@code mvn -pl test-harness/end-to-end verify -Dit.test=CommandRoundTripBenchmark}.
 * Measures the REST write round trip — request → command on Kafka → decided by the processor →
 * result back → view caught up → response — for creates and updates, sequentially from one client.
 */
class CommandRoundTripBenchmark {

    private static final int WARM_UP = 30;
    private static final int SAMPLES = 300;

    @Test
    void roundTrip() {
        Platform platform = Platform.get();
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(platform::seeded);
        Properties admin = platform.adminCredentials();
        String token = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            var response = given().baseUri(platform.url()).formParam("grant_type", "password")
                    .formParam("username", admin.getProperty("username"))
                    .formParam("password", admin.getProperty("password")).post("/oauth2/token");
            return response.statusCode() == 200 ? response.jsonPath().getString("access_token") : null;
        }, t -> t != null);

        List<String[]> ids = new ArrayList<>();
        for (int i = 0; i < WARM_UP; i++) {
            ids.add(create(platform, token));
        }
        long[] creates = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            long start = System.nanoTime();
            ids.add(create(platform, token));
            creates[i] = System.nanoTime() - start;
        }
        long[] updates = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            String[] application = ids.get(WARM_UP + i);
            long start = System.nanoTime();
            given().baseUri(platform.url()).auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("name", application[1], "tier", "10PerMin"))
                    .put("/api/v1/applications/" + application[0]).then().statusCode(200);
            updates[i] = System.nanoTime() - start;
        }
        System.out.println();
        System.out.println("| REST write round trip (" + SAMPLES + " sequential) | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        row("POST /api/v1/applications (create)", creates);
        row("PUT /api/v1/applications/{id} (update)", updates);
    }

    /** @return the new application's id and name */
    private static String[] create(Platform platform, String token) {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String id = given().baseUri(platform.url()).auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", name, "tier", "Unlimited")).post("/api/v1/applications")
                .then().statusCode(201).extract().path("applicationId");
        return new String[] {id, name};
    }

    private static void row(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", what, ms(sorted, 0.50), ms(sorted, 0.90),
                ms(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
