package io.weir.dataplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.quarkus.WeirTestResource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged app starts against a real broker and reports itself ready once it has
 * read the gateway topics (readiness waits for that: it is not immediate), and live.
 */
@QuarkusIntegrationTest
// no registry here on purpose: the node's serializers would auto-register schemas with references
// ahead of PlatformBootstrap in the shared registry, which the other ITs of this JVM then trip over
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true)
class ReadinessIT {

    @Test
    void packagedAppIsReadyAgainstARealBroker() {
        Awaitility.await().alias("the node caught up with the gateway topics").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
