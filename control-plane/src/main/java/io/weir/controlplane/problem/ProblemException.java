package io.weir.controlplane.problem;

/** Ends a request with a problem response; thrown where a handler finds the request cannot proceed. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", what + " does not exist"));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException badRequest(String type, String detail, String pointer) {
        return new ProblemException(Problem.of(400, type, "Bad request", detail).withPointer(pointer));
    }
}
