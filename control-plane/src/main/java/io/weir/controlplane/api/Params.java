package io.weir.controlplane.api;

import io.weir.controlplane.problem.ProblemException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Path, query and header parameters, validated by hand so that a bad one is a 400 problem with a
 * pointer (JAX-RS conversion would answer a bad path number with 404). Pointers to parameters are
 * {@code /path/<name>}, {@code /query/<name>} and {@code /header/<name>}.
 */
public final class Params {

    public static final String PATH = "/path/";
    public static final String QUERY = "/query/";
    public static final String HEADER = "/header/";

    private Params() {
    }

    /** A revision number: a whole number from 1. */
    public static long revision(String value, String name) {
        try {
            long number = Long.parseLong(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ProblemException.badRequest("invalid-parameter", name + " must be a revision number (1, 2, …), not '"
                + value + "'", PATH + name);
    }

    /**
     * An enum symbol, case-insensitive; the schema's UNSPECIFIED fallback is never a valid input.
     *
     * @param pointer where the value came from, e.g. {@code Params.QUERY + "level"}
     */
    public static <E extends Enum<E>> E symbol(Class<E> type, String value, String pointer) {
        return Arrays.stream(type.getEnumConstants())
                .filter(symbol -> !symbol.name().equals("UNSPECIFIED"))
                .filter(symbol -> symbol.name().equals(value == null ? null : value.toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> ProblemException.badRequest("invalid-parameter", pointer.substring(
                        pointer.lastIndexOf('/') + 1) + " must be one of " + allowed(type) + ", not '" + value + "'",
                        pointer));
    }

    private static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.toString(Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(name -> !name.equals("UNSPECIFIED")).toArray());
    }
}
