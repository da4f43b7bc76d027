package io.weir.processors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.quarkus.WeirTestResource;
import org.junit.jupiter.api.Test;

/** The packaged app starts against a real broker and reports itself ready and live. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true)
class ReadinessIT {

    @Test
    void packagedAppIsReadyAgainstARealBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
