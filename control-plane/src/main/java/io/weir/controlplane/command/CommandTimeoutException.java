package io.weir.controlplane.command;

import java.time.Duration;

/** The command processor did not answer in time; the command may still be decided later. */
public final class CommandTimeoutException extends RuntimeException {

    private final String commandId;

    public CommandTimeoutException(String commandId, Duration waited) {
        super("no result for command " + commandId + " within " + waited.toSeconds()
                + " s; it may still be decided: retry with the same command id to get its result");
        this.commandId = commandId;
    }

    public String commandId() {
        return commandId;
    }
}
