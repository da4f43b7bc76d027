package io.weir.controlplane;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.weir.harness.quarkus.WeirTestResource;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The packaged app starts against a real broker and reports itself ready and live. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = WeirTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = WeirTestResource.REGISTRY, value = "true"))
class ReadinessIT {

    @Test
    void packagedAppIsReadyAgainstARealBroker() {
        // ready once every management view is read to its end
        Awaitility.await().alias("control plane ready").atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/apis/import"))
                .body("paths", org.hamcrest.Matchers.hasKey("/oauth2/token"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
