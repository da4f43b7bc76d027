package io.weir.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;

/** The seeded admin signed in to the platform's control plane, for scenario set-up. */
public final class AdminSession {

    private final Platform platform;
    private final String token;

    private AdminSession(Platform platform, String token) {
        this.platform = platform;
        this.token = token;
    }

    public static AdminSession signIn(Platform platform) {
        Awaitility.await().alias("the control plane seeded its admin").atMost(Duration.ofSeconds(90)).until(platform::seeded);
        Properties admin = platform.adminCredentials();
        String token = Awaitility.await().alias("the admin can sign in").atMost(Duration.ofSeconds(60))
                .until(() -> passwordToken(platform, admin.getProperty("username"), admin.getProperty("password")),
                        t -> t != null);
        return new AdminSession(platform, token);
    }

    public RequestSpecification request() {
        return given().baseUri(platform.url()).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String passwordToken(Platform platform, String username, String password) {
        var response = given().baseUri(platform.url()).formParam("grant_type", "password")
                .formParam("username", username).formParam("password", password).post("/oauth2/token");
        return response.statusCode() == 200 ? response.jsonPath().getString("access_token") : null;
    }
}
