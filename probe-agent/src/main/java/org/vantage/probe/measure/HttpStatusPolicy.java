package org.vantage.probe.measure;

import java.util.Set;

/**
 * Which HTTP statuses count as {@code HTTP_ERROR_STATUS}: every status from {@code errorFrom}
 * upwards, plus {@code alsoErrors}, except those in {@code accepted}. Redirects are never errors:
 * the engine does not follow them, a redirect is a normal answer.
 *
 * <p>The default counts 5xx and 451 (Unavailable For Legal Reasons) only. Other 4xx usually come
 * from the genuine server (a 404 on an API host's root, a CDN's 403 bot check) and say nothing
 * about the network; block pages served as 403 are recognised by their fingerprints instead.
 * {@link #STRICT} counts every 4xx and 5xx.
 */
public record HttpStatusPolicy(int errorFrom, Set<Integer> alsoErrors, Set<Integer> accepted) {
    public static final HttpStatusPolicy DEFAULT = new HttpStatusPolicy(500, Set.of(451), Set.of());
    public static final HttpStatusPolicy STRICT = new HttpStatusPolicy(400, Set.of(), Set.of());

    /** @throws IllegalArgumentException when a bound or status is outside 100..999 */
    public HttpStatusPolicy {
        if (errorFrom < 200 || errorFrom > 1000) {
            throw new IllegalArgumentException("errorFrom must be 200..1000, got " + errorFrom);
        }
        alsoErrors = Set.copyOf(alsoErrors);
        accepted = Set.copyOf(accepted);
        for (int s : alsoErrors) {
            checkStatus(s);
        }
        for (int s : accepted) {
            checkStatus(s);
        }
    }

    private static void checkStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
    }

    public boolean isError(int status) {
        return (status >= errorFrom || alsoErrors.contains(status)) && !accepted.contains(status);
    }
}
