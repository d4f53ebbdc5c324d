package org.vantage.probe.measure;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the first configured block-page fingerprint that matches an HTTP response. */
public final class BlockPageDetector {
    private static final Pattern TITLE =
            Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final List<BlockPageFingerprint> fingerprints;

    public BlockPageDetector(List<BlockPageFingerprint> fingerprints) {
        this.fingerprints = List.copyOf(fingerprints);
    }

    public List<BlockPageFingerprint> fingerprints() {
        return fingerprints;
    }

    /**
     * @param head the response head text (status line and headers)
     * @param body the (capped) body decoded as text
     */
    public Optional<BlockPageFingerprint> match(String head, String body) {
        String title = null;
        for (BlockPageFingerprint fingerprint : fingerprints) {
            String subject = switch (fingerprint.scope()) {
                case HEADERS -> head;
                case BODY -> body;
                case TITLE -> {
                    if (title == null) {
                        title = title(body);
                    }
                    yield title;
                }
            };
            if (fingerprint.pattern().matcher(subject).find()) {
                return Optional.of(fingerprint);
            }
        }
        return Optional.empty();
    }

    static String title(String body) {
        Matcher m = TITLE.matcher(body);
        return m.find() ? m.group(1).trim() : "";
    }
}
