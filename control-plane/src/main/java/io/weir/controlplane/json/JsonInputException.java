package io.weir.controlplane.json;

/** A request body that does not fit its schema; {@code pointer} is the JSON pointer of the value. */
public final class JsonInputException extends RuntimeException {

    private final String pointer;

    public JsonInputException(String pointer, String problem) {
        super((pointer.isEmpty() ? "the body" : pointer) + " " + problem);
        this.pointer = pointer.isEmpty() ? "/" : pointer;
    }

    public String pointer() {
        return pointer;
    }
}
