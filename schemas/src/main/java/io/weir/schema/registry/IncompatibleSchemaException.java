package io.weir.schema.registry;

/** The registry refused a schema version because it breaks the artifact's compatibility rule. */
public final class IncompatibleSchemaException extends RuntimeException {

    private final String artifactId;

    public IncompatibleSchemaException(String artifactId, String detail) {
        super("schema for " + artifactId + " was refused by the registry (compatibility BACKWARD): " + detail);
        this.artifactId = artifactId;
    }

    public String artifactId() {
        return artifactId;
    }
}
