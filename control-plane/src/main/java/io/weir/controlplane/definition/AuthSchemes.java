package io.weir.controlplane.definition;

import io.apicurio.datamodels.models.SecurityScheme;
import io.apicurio.datamodels.models.asyncapi.AsyncApiSecurityScheme;
import io.apicurio.datamodels.models.openapi.v30.OpenApi30SecurityScheme;
import io.apicurio.datamodels.models.openapi.v31.OpenApi31SecurityScheme;
import io.weir.schema.api.AuthScheme;
import java.util.List;

/**
 * The credential a Weir resource asks for, from the security a definition declares: {@code apiKey}
 * (AsyncAPI also {@code httpApiKey}) → API_KEY; {@code oauth2}, {@code openIdConnect} and
 * {@code http} bearer → OAUTH2; alternatives offering both → API_KEY_OR_OAUTH2; an explicitly empty
 * requirement list ({@code security: []}) → NONE; nothing declared, or only schemes the gateway
 * does not issue (basic, mutual TLS, SASL) → API_KEY, Weir's default.
 */
final class AuthSchemes {

    private AuthSchemes() {
    }

    /**
     * @param alternatives null when nothing is declared; else one entry per alternative requirement,
     *                     each the schemes that requirement combines (an empty inner list is an
     *                     anonymous alternative)
     */
    static AuthScheme of(List<List<SecurityScheme>> alternatives) {
        if (alternatives == null) {
            return AuthScheme.API_KEY;
        }
        if (alternatives.isEmpty()) {
            return AuthScheme.NONE;
        }
        boolean apiKey = false;
        boolean oauth2 = false;
        for (List<SecurityScheme> requirement : alternatives) {
            for (SecurityScheme scheme : requirement) {
                apiKey |= isApiKey(scheme);
                oauth2 |= isOAuth2(scheme);
            }
        }
        if (apiKey && oauth2) {
            return AuthScheme.API_KEY_OR_OAUTH2;
        }
        if (oauth2) {
            return AuthScheme.OAUTH2;
        }
        if (!apiKey && alternatives.stream().allMatch(List::isEmpty)) {
            return AuthScheme.NONE;
        }
        return AuthScheme.API_KEY;
    }

    private static boolean isApiKey(SecurityScheme scheme) {
        return scheme != null && ("apiKey".equals(scheme.getType()) || "httpApiKey".equals(scheme.getType()));
    }

    private static boolean isOAuth2(SecurityScheme scheme) {
        if (scheme == null) {
            return false;
        }
        String type = scheme.getType();
        return "oauth2".equals(type) || "openIdConnect".equals(type)
                || ("http".equals(type) && "bearer".equalsIgnoreCase(httpScheme(scheme)));
    }

    private static String httpScheme(SecurityScheme scheme) {
        if (scheme instanceof OpenApi30SecurityScheme s) {
            return s.getScheme();
        }
        if (scheme instanceof OpenApi31SecurityScheme s) {
            return s.getScheme();
        }
        return scheme instanceof AsyncApiSecurityScheme s ? s.getScheme() : null;
    }
}
