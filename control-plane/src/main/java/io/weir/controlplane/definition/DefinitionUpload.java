package io.weir.controlplane.definition;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An uploaded API definition: one or more files keyed by their path inside the upload, and the path
 * of the root document. Relative {@code $ref}s in any file are resolved against that file's folder
 * within the upload; nothing is ever fetched from the network or the local file system.
 *
 * <p>Paths are normalised: {@code \} becomes {@code /}, and leading {@code ./} and {@code /} are
 * dropped, so {@code ./schemas/user.yaml} and {@code schemas/user.yaml} name the same file.
 */
public record DefinitionUpload(Map<String, byte[]> files, String rootPath) {

    public DefinitionUpload {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(rootPath, "rootPath");
        Map<String, byte[]> normalised = new LinkedHashMap<>();
        files.forEach((path, content) -> normalised.put(normalise(path), Objects.requireNonNull(content, path)));
        rootPath = normalise(rootPath);
        if (!normalised.containsKey(rootPath)) {
            throw new IllegalArgumentException("root document " + rootPath + " is not among the uploaded files");
        }
        files = Collections.unmodifiableMap(normalised);
    }

    /** A single-document upload. */
    public static DefinitionUpload single(String path, byte[] content) {
        return new DefinitionUpload(Map.of(path, content), path);
    }

    /** A single-document upload of text. */
    public static DefinitionUpload single(String path, String content) {
        return single(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The root document's bytes. */
    public byte[] root() {
        return files.get(rootPath);
    }

    static String normalise(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.startsWith("./") ? 2 : 1);
        }
        return p;
    }
}
