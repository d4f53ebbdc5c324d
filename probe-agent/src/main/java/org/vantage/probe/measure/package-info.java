/**
 * The measurement engine: real network tests of one target, layer by layer, each layer in its own
 * class with its own timeout, the outcome being the first layer that failed.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * MeasurementSettings settings = MeasurementSettings.builder()   // defaults: system resolver,
 *     .controlResolver(ResolverSpec.parse("1.1.1.1"))            // standard bogons, JDK trust
 *     .blockPageFingerprints(targets.blockPageFingerprints())
 *     .build();
 * MeasurementEngine engine = new MeasurementEngine(settings, Clock.systemUTC());
 * TargetList targets = TargetListLoader.loadDefault();
 * try (MeasurementRound round = new MeasurementRound(engine, 4)) {
 *   round.run(targets.targets(), result -> publish(result.toMeasurement(identity, clockOffsetMs)));
 * }
 * }</pre>
 *
 * <h2>Phases and classification</h2>
 * <table>
 *   <caption>Outcome by layer</caption>
 *   <tr><th>phase (timing)</th><th>outcomes</th></tr>
 *   <tr><td>DNS ({@code dns_ms}) — {@link org.vantage.probe.measure.DnsPhase}</td>
 *       <td>DNS_NXDOMAIN; DNS_SERVFAIL (also REFUSED and other error rcodes, and unusable
 *       responses); DNS_TIMEOUT (no answer within the timeout, or ICMP port unreachable from the
 *       resolver); DNS_NO_ANSWER (NOERROR without A or AAAA); DNS_BOGON (any answer in a
 *       {@link org.vantage.probe.measure.BogonFilter} range); DNS_MISMATCH (see below).
 *       IP-literal hosts skip DNS.</td></tr>
 *   <tr><td>TCP ({@code connect_ms}) — {@link org.vantage.probe.measure.TcpPhase}</td>
 *       <td>TCP_REFUSED; TCP_TIMEOUT; TCP_UNREACHABLE (no route, network/host unreachable);
 *       TCP_RESET. Up to {@code maxAddressesPerTarget} answers are tried in order; the first
 *       address's failure is the outcome.</td></tr>
 *   <tr><td>TLS ({@code tls_ms}), https only — {@link org.vantage.probe.measure.TlsPhase}</td>
 *       <td>TLS_RESET (RST or EOF during the handshake: SNI filtering); TLS_TIMEOUT (no handshake
 *       answer); TLS_CERT_INVALID (not valid for the host, or not trusted); TLS_HANDSHAKE_FAILURE
 *       (anything else, e.g. a non-TLS answer or a fatal alert).</td></tr>
 *   <tr><td>HTTP ({@code first_byte_ms}, {@code bytes_received}, {@code http_status}) —
 *       {@link org.vantage.probe.measure.HttpPhase}</td>
 *       <td>HTTP_BLOCK_PAGE (a fingerprint matches; wins over the status); HTTP_ERROR_STATUS
 *       (per {@link org.vantage.probe.measure.HttpStatusPolicy}, default 5xx and 451; also a
 *       malformed response); HTTP_TIMEOUT; TCP_RESET (reset, or close before any response byte,
 *       after the request was sent: plain-HTTP keyword/Host filtering).</td></tr>
 *   <tr><td>throughput ({@code throughput_bps}) — {@link org.vantage.probe.measure.ThroughputPhase}</td>
 *       <td>THROTTLED when the rate is below {@code throughputFloorBps}; failures while
 *       connecting for the transfer are classified as above, detail prefixed "throughput
 *       transfer:".</td></tr>
 * </table>
 * {@code total_ms} covers the whole test; a phase that did not run has a null timing.
 *
 * <h2>DNS_MISMATCH and CDNs</h2>
 * When a control resolver is configured, the probe's answers are compared with the control's.
 * They are inconsistent only if they share no address and no /24 (IPv4) or /48 (IPv6) prefix.
 * For https targets an inconsistent answer is then verified by the TLS handshake itself: a
 * certificate valid for the host proves the address genuine (a CDN node the control did not pick)
 * and the test goes on; any TCP or TLS failure on that address makes the outcome DNS_MISMATCH.
 * Plain-HTTP targets cannot be verified, so inconsistency is DNS_MISMATCH directly. A control
 * resolver that fails gives no verdict.
 */
package org.vantage.probe.measure;
