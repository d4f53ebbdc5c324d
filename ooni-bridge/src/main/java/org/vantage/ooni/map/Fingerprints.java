package org.vantage.ooni.map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * OONI's block-page fingerprints (ooni/blocking-fingerprints: fingerprints_http.csv, fingerprints_dns.csv),
 * matched as OONI's fastpath does: DNS answers exactly, HTTP bodies and headers by prefix, substring, full
 * match or regular expression. A match counts as blocking when OONI would call it confirmed: the
 * fingerprint's scope is national or ISP, or the probe's country is one of its expected countries
 * (backend fastpath/core.py is_confirmed). Scope {@code fp} marks known non-censorship pages and never counts.
 */
final class Fingerprints {
    static final String HTTP_RESOURCE = "/ooni/ooni_blocking-fingerprints__fingerprints_http.csv";
    static final String DNS_RESOURCE = "/ooni/ooni_blocking-fingerprints__fingerprints_dns.csv";
    /** Block pages are small; matching the first 256 KiB of a body keeps a 1 MB page from costing seconds. */
    static final int MAX_BODY_CHARS = 256 * 1024;

    static final int MAX_REGEX_CHARS = 32 * 1024;

    record Fingerprint(
            String name,
            String scope,
            String location,
            String type,
            String pattern,
            Set<String> countries,
            Pattern regex) {
        boolean counts(String cc) {
            if (scope.equals("fp")) {
                return false;
            }
            return scope.equals("nat") || scope.equals("isp") || (cc != null && countries.contains(cc));
        }

        boolean matches(String value) {
            if (value == null) {
                return false;
            }
            return switch (type) {
                case "full" -> value.equals(pattern);
                case "prefix" -> value.startsWith(pattern);
                case "contains" -> value.contains(pattern);
                // OONI's few regular expressions have nested .* that backtrack on long minified lines: a block
                // page's text sits near its top, so they see the first 32 KiB.
                case "regexp" ->
                    regex != null
                            && regex.matcher(
                                            value.length() > MAX_REGEX_CHARS
                                                    ? value.substring(0, MAX_REGEX_CHARS)
                                                    : value)
                                    .find();
                default -> false;
            };
        }
    }

    private final List<Fingerprint> body;
    private final List<Fingerprint> headers;
    private final Map<String, Fingerprint> dns;

    private Fingerprints(List<Fingerprint> http, List<Fingerprint> dnsList) {
        this.body = http.stream().filter(f -> f.location().equals("body")).toList();
        this.headers =
                http.stream().filter(f -> f.location().startsWith("header.")).toList();
        this.dns = dnsList.stream()
                .filter(f -> f.type().equals("full"))
                .collect(Collectors.toUnmodifiableMap(Fingerprint::pattern, f -> f, (a, b) -> a));
    }

    /** The fingerprints shipped in this module's resources. */
    static Fingerprints load() {
        return new Fingerprints(read(HTTP_RESOURCE), read(DNS_RESOURCE));
    }

    int size() {
        return body.size() + headers.size() + dns.size();
    }

    /** The first counting fingerprint in a response body or its headers (names lower case). */
    Optional<Fingerprint> matchHttp(String responseBody, Map<String, String> responseHeaders, String cc) {
        for (Fingerprint f : headers) {
            if (f.counts(cc) && f.matches(responseHeaders.get(f.location().substring("header.".length())))) {
                return Optional.of(f);
            }
        }
        if (responseBody != null) {
            String b =
                    responseBody.length() > MAX_BODY_CHARS ? responseBody.substring(0, MAX_BODY_CHARS) : responseBody;
            for (Fingerprint f : body) {
                if (f.counts(cc) && f.matches(b)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    Optional<Fingerprint> matchDns(String answer, String cc) {
        Fingerprint f = dns.get(answer);
        return f != null && f.counts(cc) ? Optional.of(f) : Optional.empty();
    }

    private static List<Fingerprint> read(String resource) {
        try (InputStream in = Fingerprints.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("fingerprint resource " + resource + " is missing from the classpath");
            }
            CsvMapper mapper = new CsvMapper();
            MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(in);
            List<Fingerprint> out = new ArrayList<>();
            while (rows.hasNext()) {
                Map<String, String> r = rows.next();
                String type = r.getOrDefault("pattern_type", "").trim();
                String pattern = r.getOrDefault("pattern", "");
                Pattern regex = null;
                if (type.equals("regexp")) {
                    try {
                        regex = Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        continue; // not a Java regex (one false-positive fingerprint starts with '{'): the rest still
                        // count
                    }
                }
                Set<String> countries = java.util.Arrays.stream(
                                r.getOrDefault("expected_countries", "").split(","))
                        .map(s -> s.trim().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
                out.add(new Fingerprint(
                        r.getOrDefault("name", "?").trim(),
                        r.getOrDefault("scope", "").trim(),
                        r.getOrDefault("location_found", "").trim().toLowerCase(Locale.ROOT),
                        type,
                        pattern,
                        countries,
                        regex));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fingerprint resource " + resource, e);
        }
    }
}
