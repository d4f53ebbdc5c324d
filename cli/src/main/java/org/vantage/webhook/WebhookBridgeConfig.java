package org.vantage.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the webhook bridge, validated on construction so that a bad value stops the bridge before it
 * consumes anything.
 *
 * @param urls           receivers; every alert goes to each of them
 * @param secret         shared HMAC key (at least {@value #MIN_SECRET_LENGTH} characters)
 * @param groupId        consumer group: the bridge resumes where this group left off
 * @param fromBeginning  a new group starts at the oldest retained alert instead of new ones only
 */
public record WebhookBridgeConfig(
        List<URI> urls,
        String secret,
        String groupId,
        boolean fromBeginning,
        RetrySchedule retry,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static final int MIN_SECRET_LENGTH = 16;
    public static final String DEFAULT_GROUP_ID = "vantage-webhook-bridge";

    public WebhookBridgeConfig {
        List<String> problems = new ArrayList<>();
        if (urls == null || urls.isEmpty()) {
            problems.add("no webhook URL: pass --url (repeatable) or set VANTAGE_WEBHOOK_URLS (comma-separated)");
        } else {
            for (URI u : urls) {
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                    problems.add("webhook URL must be an absolute http:// or https:// URL, got '" + u + "'");
                }
            }
        }
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            problems.add("webhook secret missing or shorter than " + MIN_SECRET_LENGTH
                    + " characters: pass --secret or set VANTAGE_WEBHOOK_SECRET");
        }
        if (groupId == null || groupId.isBlank()) {
            problems.add("consumer group id must not be blank");
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add("connect timeout must be positive");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add("request timeout must be positive");
        }
        if (retry == null) {
            problems.add("retry schedule missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid webhook bridge configuration: " + String.join("; ", problems));
        }
        urls = List.copyOf(urls);
    }

    /** Parses a comma-separated list such as VANTAGE_WEBHOOK_URLS. */
    public static List<URI> parseUrls(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        if (commaSeparated == null) {
            return out;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(URI.create(part.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("invalid webhook URL '" + part.trim() + "': " + e.getMessage());
                }
            }
        }
        return out;
    }

    /**
     * Longest time one alert can take (every URL in parallel, every attempt failing by timeout): the consumer's
     * max.poll.interval must exceed it, or the group would evict a bridge that is only being patient.
     */
    public Duration worstCaseDelivery() {
        return retry.totalBackoff().plus(connectTimeout.plus(requestTimeout).multipliedBy(retry.maxAttempts()));
    }
}
