package org.vantage.detect.validate;

import org.vantage.detect.model.RejectReason;

/** A validation failure: the reason code and a message saying what exactly was wrong. */
public record Rejection(RejectReason reason, String message) {

    /** Header value: {@code CODE: message}. */
    public String headerValue() {
        return reason + ": " + message;
    }
}
