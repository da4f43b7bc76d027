package io.weir.controlplane.definition;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Parses one uploaded file as JSON or YAML (told apart by content), keeping the parser's location on failure. */
final class SourceParser {

    sealed interface Parsed permits Parsed.Tree, Parsed.Failure {
        record Tree(String text, boolean json, JsonNode root) implements Parsed {
        }

        record Failure(DefinitionProblem problem) implements Parsed {
        }
    }

    private SourceParser() {
    }

    static Parsed parse(String file, byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        boolean json = Mappers.looksLikeJson(text);
        try {
            JsonNode root = (json ? Mappers.JSON : Mappers.YAML).readTree(text);
            if (root == null || root.isMissingNode()) {
                return new Parsed.Failure(DefinitionProblem.at(file, "", "the file is empty"));
            }
            return new Parsed.Tree(text, json, root);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                Mark mark = yaml.getProblemMark();
                Mark start = yaml.getContextMark();
                String what = yaml.getContext() == null ? yaml.getProblem() : yaml.getContext()
                        + (start != null && start.getLine() != mark.getLine()
                                ? " (from line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1) + ")" : "")
                        + ": " + yaml.getProblem();
                return new Parsed.Failure(new DefinitionProblem(file, null, mark.getLine() + 1, mark.getColumn() + 1,
                        "malformed YAML: " + what));
            }
            JsonLocation at = e.getLocation();
            Integer line = at != null && at.getLineNr() > 0 ? at.getLineNr() : null;
            Integer column = at != null && at.getColumnNr() > 0 ? at.getColumnNr() : null;
            String message = "malformed " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage());
            return new Parsed.Failure(new DefinitionProblem(file, null, line, column, message));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
