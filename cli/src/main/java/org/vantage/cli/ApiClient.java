package org.vantage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Reads the stream processor's HTTP API (org.vantage.api.DetectionApi) for {@code vantage incidents} and
 * {@code vantage status}. Connects with a short timeout and turns every failure into one sentence saying
 * what to do.
 */
final class ApiClient {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
    static final String ENV = "VANTAGE_API_URL";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    ApiClient(String baseUrl, Duration timeout) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        try {
            this.base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid API URL '" + baseUrl + "': " + e.getMessage());
        }
        if (base.getScheme() == null || base.getHost() == null) {
            throw new IllegalArgumentException("invalid API URL '" + baseUrl + "': expected e.g. " + DEFAULT_URL);
        }
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    URI base() {
        return base;
    }

    /** GET {@code path} (with query) and parse the JSON answer; any failure is an exception with advice. */
    JsonNode get(String pathAndQuery) {
        URI uri = URI.create(base + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout.multipliedBy(3))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connect timed out after " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw unreachable("connection refused");
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("the Vantage API at " + base + " did not answer " + pathAndQuery
                    + " within " + timeout.multipliedBy(3).toSeconds() + " s");
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the Vantage API");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the Vantage API at " + base + " answered " + pathAndQuery + " with HTTP "
                    + response.statusCode() + " and no JSON: is " + base + " really the stream processor?");
        }
        if (response.statusCode() != 200) {
            String error = body.path("error").asText("");
            throw new IllegalStateException("the Vantage API at " + base + " answered " + pathAndQuery + " with HTTP "
                    + response.statusCode() + (error.isEmpty() ? "" : ": " + error));
        }
        return body;
    }

    private IllegalStateException unreachable(String why) {
        return new IllegalStateException("cannot reach the Vantage API at " + base + " (" + why
                + "): is the stream processor running? set --api-url or " + ENV);
    }

    static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
