package ferry.net.service;

import ferry.net.dimse.Status;

/** Thrown by a handler to answer with this status (for example 0xA700 when the disk is full). */
public final class DimseStatusException extends RuntimeException {
    private final Status status;

    public DimseStatusException(Status status) {
        super(status.toString());
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
