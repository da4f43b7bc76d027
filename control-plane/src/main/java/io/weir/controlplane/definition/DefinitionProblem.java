package io.weir.controlplane.definition;

/**
 * One thing wrong with an uploaded definition.
 *
 * @param file    path of the uploaded file the problem is in
 * @param pointer JSON pointer (RFC 6901) to the offending value in that file, {@code ""} for the
 *                whole document; null when the file could not be parsed at all
 * @param line    1-based line, when known (parse errors), else null
 * @param column  1-based column, when known (parse errors), else null
 * @param message what is wrong, for a person
 */
public record DefinitionProblem(String file, String pointer, Integer line, Integer column, String message) {

    static DefinitionProblem at(String file, String pointer, String message) {
        return new DefinitionProblem(file, pointer, null, null, message);
    }

    @Override
    public String toString() {
        String where = file + (pointer != null ? "#" + pointer : "")
                + (line != null ? " (line " + line + ", column " + column + ")" : "");
        return where + ": " + message;
    }
}
