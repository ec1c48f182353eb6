package dev.arbiter.models.remote;

/**
 * A remote model could not give an answer: the endpoint failed after its retries, refused the request, answered with
 * something that is not the expected JSON, or its circuit breaker is open. Rewards report it as {@code error} with
 * the message as the reason; the message never contains the API key.
 */
public class RemoteException extends RuntimeException {
    private final int httpStatus;
    private final String rawExcerpt;

    public RemoteException(String message, int httpStatus, String rawExcerpt) {
        super(message);
        this.httpStatus = httpStatus;
        this.rawExcerpt = rawExcerpt;
    }

    public RemoteException(String message) {
        this(message, 0, null);
    }

    /** The last HTTP status seen, or 0 when none (connection failure, open circuit). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The start of the offending body, when the failure was an unreadable answer; else {@code null}. */
    public String rawExcerpt() {
        return rawExcerpt;
    }
}
