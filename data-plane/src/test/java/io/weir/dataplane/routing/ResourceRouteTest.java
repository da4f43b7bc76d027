package io.weir.dataplane.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResourceRouteTest {

    private static final List<String> TEMPLATES = List.of("", "/", "/data", "/pets/", "/a.b", "/pets/mine",
            "/x/*/y", "/a+b", "/pets/{id}", "/pets/{id}/toys", "/*", "/files/**", "/{path+}", "/pets/{id");

    private static ResourceRoute route(String template) {
        return ResourceRoute.compile(ApiResource.newBuilder().setMethod("GET").setPath(template)
                .setAuthScheme(AuthScheme.API_KEY).build());
    }

    @Test
    void templatesWithoutParametersOrWildcardAreLiteral() {
        assertThat(route("/data").isLiteral()).isTrue();
        assertThat(route("/").isLiteral()).isTrue();
        assertThat(route("/x/*/y").isLiteral()).isTrue();
        assertThat(route("/pets/{id}").isLiteral()).isFalse();
        assertThat(route("/*").isLiteral()).isFalse();
        assertThat(route("/data").matchesPath("/data/")).isTrue();
        assertThat(route("/data").matchesPath("/data//")).isFalse();
        assertThat(route("/data").matchesPath("/datum")).isFalse();
    }

    @Test
    void everyTemplateMatchesExactlyWhatItsPatternMatches() {
        Random random = new Random(7);
        String alphabet = "/adtpesx.*{}+";
        for (String template : TEMPLATES) {
            ResourceRoute route = route(template);
            List<String> paths = new ArrayList<>(List.of("", "/", "//", route.template(), route.template() + "/",
                    route.template() + "//", route.template() + "x", route.template().toUpperCase()));
            for (int i = 0; i < 20_000; i++) {
                StringBuilder path = new StringBuilder(random.nextBoolean() ? route.template() : "/");
                int extra = random.nextInt(4);
                for (int j = 0; j < extra; j++) {
                    path.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                if (random.nextInt(4) == 0 && path.length() > 1) {
                    path.setLength(random.nextInt(path.length()));
                }
                paths.add(path.toString());
            }
            for (String path : paths) {
                assertThat(route.matchesPath(path)).as("template %s, path %s", template, path)
                        .isEqualTo(route.pattern().matcher(path).matches());
            }
        }
    }
}
