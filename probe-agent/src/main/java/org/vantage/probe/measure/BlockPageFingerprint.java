package org.vantage.probe.measure;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A named regular expression that recognises a censor's block page. It is matched
 * case-insensitively (with {@code .} matching new lines) against one part of the response: the
 * body, the HTML {@code <title>}, or the response head (status line and headers, e.g. a redirect
 * {@code Location} to a block-page host).
 */
public record BlockPageFingerprint(String name, Scope scope, Pattern pattern) {
    /** Part of the response a fingerprint is matched against. */
    public enum Scope {
        BODY,
        TITLE,
        HEADERS
    }

    public BlockPageFingerprint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("block-page fingerprint needs a name");
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(pattern, "pattern");
    }

    /**
     * @param scope {@code body}, {@code title} or {@code headers} (case-insensitive)
     * @throws IllegalArgumentException naming the fingerprint when the scope or regex is invalid
     */
    public static BlockPageFingerprint of(String name, String scope, String regex) {
        Scope parsedScope;
        try {
            parsedScope = Scope.valueOf((scope == null ? "body" : scope).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "block-page fingerprint '" + name + "': scope must be body, title or headers, got '" + scope + "'");
        }
        if (regex == null || regex.isBlank()) {
            throw new IllegalArgumentException("block-page fingerprint '" + name + "' has an empty pattern");
        }
        try {
            return new BlockPageFingerprint(
                    name,
                    parsedScope,
                    Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "block-page fingerprint '" + name + "' has an invalid regex: " + e.getDescription(), e);
        }
    }
}
