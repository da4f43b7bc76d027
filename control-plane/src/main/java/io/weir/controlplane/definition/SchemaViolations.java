package io.weir.controlplane.definition;

import com.networknt.schema.Error;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns JSON Schema errors into problems a person can act on. A failed {@code oneOf}/{@code anyOf}
 * reports every branch; of those only the branch that came closest is kept: not a bare Reference
 * Object branch ("required property '$ref'"), then the one whose errors reach deepest into the
 * document, then the one with fewest errors. Problems come deepest (most specific) first.
 */
final class SchemaViolations {

    private record Violation(String pointer, String evaluationPath, String keyword, String property, String message) {
        static Violation of(Error e) {
            return new Violation(e.getInstanceLocation().toString(), e.getEvaluationPath().toString(), e.getKeyword(),
                    e.getProperty(), e.getMessage());
        }

        boolean isCombinator() {
            return "oneOf".equals(keyword) || "anyOf".equals(keyword);
        }

        boolean asksForRef() {
            return "required".equals(keyword) && "$ref".equals(property);
        }
    }

    private SchemaViolations() {
    }

    static List<DefinitionProblem> describe(List<Error> errors, ValidationTree tree) {
        List<Violation> violations = new ArrayList<>(errors.stream().map(Violation::of).toList());
        Set<Violation> dropped = new HashSet<>();
        violations.stream().filter(Violation::isCombinator)
                .sorted(Comparator.comparingInt(v -> v.evaluationPath().length()))
                .forEach(combinator -> keepClosestBranch(combinator, violations, dropped));
        violations.removeAll(dropped);
        Set<DefinitionProblem> problems = new LinkedHashSet<>();
        violations.stream()
                .sorted(Comparator.comparingInt((Violation v) -> -Pointers.depth(v.pointer())).thenComparing(Violation::pointer))
                .forEach(v -> problems.add(humanise(v, tree)));
        return new ArrayList<>(problems);
    }

    private static void keepClosestBranch(Violation combinator, List<Violation> all, Set<Violation> dropped) {
        if (dropped.contains(combinator)) {
            return;
        }
        String prefix = combinator.evaluationPath() + "/";
        Map<String, List<Violation>> branches = new LinkedHashMap<>();
        for (Violation v : all) {
            if (!dropped.contains(v) && v.evaluationPath().startsWith(prefix)) {
                String rest = v.evaluationPath().substring(prefix.length());
                int slash = rest.indexOf('/');
                branches.computeIfAbsent(slash < 0 ? rest : rest.substring(0, slash), k -> new ArrayList<>()).add(v);
            }
        }
        if (branches.isEmpty()) {
            return; // e.g. "valid against more than one": nothing more specific to say
        }
        List<Violation> best = branches.values().stream().min(Comparator
                        .comparing((List<Violation> b) -> b.stream().allMatch(Violation::asksForRef))
                        .thenComparing(b -> -b.stream().mapToInt(v -> Pointers.depth(v.pointer())).max().orElse(0))
                        .thenComparingInt(List::size))
                .orElseThrow();
        branches.values().stream().filter(b -> b != best).forEach(dropped::addAll);
        dropped.add(combinator);
    }

    private static DefinitionProblem humanise(Violation v, ValidationTree tree) {
        return switch (v.keyword()) {
            case "required" -> tree.locate(v.pointer(), "'" + v.property() + "' is required");
            case "additionalProperties", "unevaluatedProperties" -> {
                String at = Pointers.child(v.pointer(), v.property());
                yield tree.locate(at, v.pointer().equals("/paths")
                        ? "path '" + v.property() + "' must start with '/'"
                        : "'" + v.property() + "' is not allowed here");
            }
            default -> tree.locate(v.pointer(), v.message());
        };
    }
}
