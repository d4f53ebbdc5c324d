package org.vantage.ooni.api;

import java.net.URI;

/** OONI's API could not be used for a request: unreachable, kept failing, or refused it. Names the URL. */
public final class OoniApiException extends RuntimeException {

    private final URI url;
    private final int status;

    OoniApiException(URI url, int status, String message, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
    }

    public URI url() {
        return url;
    }

    /** The last HTTP status, or -1 when no answer came (connection error). */
    public int status() {
        return status;
    }
}
