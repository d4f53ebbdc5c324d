package org.vantage.detect.validate;

/** A validation failure: the reason code and a message saying what exactly was wrong. */
public record Rejection(RejectReason reason, String message) {

    /** Header value: {@code CODE: message}. */
    public String headerValue() {
        return reason + ": " + message;
    }
}
