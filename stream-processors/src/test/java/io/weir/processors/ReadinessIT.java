package io.weir.processors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.quarkus.WeirTestResource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The packaged app starts its topologies against a real broker and registry and reports itself ready and live. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class ReadinessIT {

    @Test
    void packagedAppIsReadyAgainstARealBroker() {
        // ready once all three Kafka Streams applications have joined their groups and restored their stores
        Awaitility.await().alias("stream processors ready").atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                // the source topics it waited for come from the topic catalogue
                .body(org.hamcrest.Matchers.containsString("weir.command-reservations"))
                // throttling and analytics run as Streams applications of their own, and count for readiness too
                .body("checks.find { it.name == 'companion Kafka Streams applications' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'companion Kafka Streams applications' }.data.analytics", equalTo("RUNNING"))
                .body("checks.find { it.name == 'companion Kafka Streams applications' }.data.throttling", equalTo("RUNNING"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'companion Kafka Streams applications' }.status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
