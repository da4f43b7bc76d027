package io.weir.controlplane.definition;

import io.apicurio.datamodels.models.ServerVariable;
import java.net.URI;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Suggested API contexts and server addresses with their variables filled in. */
final class Contexts {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern VERSION_SEGMENT = Pattern.compile("v?\\d+(\\.\\d+)*", Pattern.CASE_INSENSITIVE);

    private Contexts() {
    }

    /** {@code https://x/petstore/v1} → {@code /petstore}; null when the URL has no path to speak of. */
    static String fromServerUrl(String url) {
        if (url == null) {
            return null;
        }
        String path;
        try {
            path = url.startsWith("/") ? URI.create(url).getPath() : URI.create(url).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (path == null) {
            return null;
        }
        String[] segments = path.replaceAll("/+$", "").split("/");
        int end = segments.length;
        if (end > 0 && VERSION_SEGMENT.matcher(segments[end - 1]).matches()) {
            end--;
        }
        String context = String.join("/", java.util.Arrays.copyOfRange(segments, 0, end));
        return context.isBlank() || context.equals("/") ? null : (context.startsWith("/") ? context : "/" + context);
    }

    /** {@code "Streetlights Kafka API"} → {@code /streetlights-kafka-api}. */
    static String fromTitle(String title) {
        String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return "/" + (slug.isEmpty() ? "api" : slug);
    }

    /** Replaces {@code {name}} by the variable's default (or leaves it when there is none). */
    static String fill(String template, Map<String, ? extends ServerVariable> variables) {
        if (template == null || variables == null || variables.isEmpty()) {
            return template;
        }
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            ServerVariable v = variables.get(m.group(1));
            String value = v != null && v.getDefault() != null ? v.getDefault() : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
