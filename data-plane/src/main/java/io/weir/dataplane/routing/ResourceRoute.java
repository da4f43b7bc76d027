package io.weir.dataplane.routing;

import io.weir.schema.api.ApiResource;
import io.weir.schema.api.AuthScheme;
import java.util.regex.Pattern;

/**
 * One resource of an API compiled for matching: an HTTP method on a path template such as
 * {@code /pets/{id}} ({@code {name}} matches one segment, a trailing {@code /*} any rest).
 */
public record ResourceRoute(String method, String template, Pattern pattern, int literalLength, ApiResource resource) {

    public static ResourceRoute compile(ApiResource resource) {
        String template = resource.getPath().isEmpty() ? "/" : resource.getPath();
        StringBuilder regex = new StringBuilder("^");
        int literal = 0;
        String[] segments = template.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (i == segments.length - 1 && (segment.equals("*") || segment.equals("**"))) {
                regex.append("(?:/.*)?");
                break;
            }
            regex.append('/');
            if (segment.startsWith("{") && segment.endsWith("}")) {
                regex.append(segment.endsWith("+}") ? ".+" : "[^/]+");
            } else {
                regex.append(Pattern.quote(segment));
                literal += segment.length() + 1;
            }
        }
        regex.append("/?$");
        String method = resource.getMethod() == null ? null : resource.getMethod().toUpperCase();
        return new ResourceRoute(method, template, Pattern.compile(regex.toString()), literal, resource);
    }

    public boolean matchesPath(String path) {
        if (isLiteral()) {
            // the pattern of a template without parameters or wildcard: the template, or it with one '/' more
            return path.startsWith(template)
                    && (path.length() == template.length() || path.length() == template.length() + 1 && path.endsWith("/"));
        }
        return pattern.matcher(path).matches();
    }

    /**
     * A template without {@code {name}} segments or a trailing wildcard: every character of it is literal, which
     * is when {@link #compile} counted every segment with its '/' into {@code literalLength}.
     */
    boolean isLiteral() {
        return literalLength == template.length();
    }

    boolean allows(String requestMethod) {
        return method == null || method.equals(requestMethod);
    }

    /** The credential this resource asks for; an unspecified scheme accepts either kind. */
    public AuthScheme authScheme() {
        AuthScheme scheme = resource.getAuthScheme();
        return scheme == null || scheme == AuthScheme.UNSPECIFIED ? AuthScheme.API_KEY_OR_OAUTH2 : scheme;
    }
}
