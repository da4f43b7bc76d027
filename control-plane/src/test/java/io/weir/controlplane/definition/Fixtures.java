package io.weir.controlplane.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Loads the definition fixtures under src/test/resources/definitions. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/definitions/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A single-file upload of one fixture, named by its file name. */
    static DefinitionUpload single(String path) {
        return DefinitionUpload.single(path.substring(path.lastIndexOf('/') + 1), bytes(path));
    }

    /** A multi-file upload of fixtures under {@code folder}, keyed by their path inside it. */
    static DefinitionUpload folder(String folder, String root, String... others) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(root, bytes(folder + "/" + root));
        for (String other : others) {
            files.put(other, bytes(folder + "/" + other));
        }
        return new DefinitionUpload(files, root);
    }

    static ImportResult.Imported imported(DefinitionUpload upload) {
        ImportResult result = new DefinitionImporter().importDefinition(upload);
        if (result instanceof ImportResult.Invalid invalid) {
            throw new AssertionError("expected an import, got: " + invalid.problems());
        }
        return (ImportResult.Imported) result;
    }

    static ImportResult.Invalid invalid(DefinitionUpload upload) {
        ImportResult result = new DefinitionImporter().importDefinition(upload);
        if (result instanceof ImportResult.Imported imported) {
            throw new AssertionError("expected problems, got an import of " + imported.name());
        }
        return (ImportResult.Invalid) result;
    }
}
