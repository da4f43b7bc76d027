package io.weir.dataplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.quarkus.WeirTestResource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged app starts against a real broker and registry and reports itself ready once it has
 * read the gateway topics (readiness waits for that: it is not immediate), and live.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
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
