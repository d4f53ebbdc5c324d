package org.vantage.probe.measure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vantage.schema.Outcome;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * DNS layer: asks one resolver for the A records of a host (then AAAA when there are no A records)
 * and classifies the failure modes a censor produces: NXDOMAIN, SERVFAIL (and other error rcodes),
 * no answer within the timeout, and a NOERROR response without addresses.
 *
 * <p>Bogon and control-resolver checks need the addresses and are done by the caller, see
 * {@link BogonFilter} and {@link DnsConsistency}.
 */
final class DnsPhase {
    /** Extra wait beyond the resolver's own timeout, so the resolver reports its timeout first. */
    private static final long GUARD_MILLIS = 250;

    private final Duration timeout;

    DnsPhase(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * @return the addresses answered, in answer order, never empty
     * @throws PhaseFailure with a DNS_* outcome
     */
    List<InetAddress> resolve(String host, ResolverSpec spec) throws PhaseFailure {
        Name name;
        try {
            name = Name.fromString(host, Name.root);
        } catch (TextParseException e) {
            throw new PhaseFailure(Outcome.DNS_NO_ANSWER, "invalid host name '" + host + "': " + e.getMessage());
        }
        Resolver resolver = resolverFor(spec);
        Deadline deadline = Deadline.after(timeout);
        List<InetAddress> addresses = query(resolver, name, Type.A, spec, deadline);
        if (addresses.isEmpty()) {
            addresses = query(resolver, name, Type.AAAA, spec, deadline);
        }
        if (addresses.isEmpty()) {
            throw new PhaseFailure(
                    Outcome.DNS_NO_ANSWER, "NOERROR without A or AAAA records for " + host + " from " + spec.label());
        }
        return addresses;
    }

    private List<InetAddress> query(Resolver resolver, Name name, int type, ResolverSpec spec, Deadline deadline)
            throws PhaseFailure {
        int remaining = deadline.remainingMillis();
        if (remaining == 0) {
            throw timeoutFailure(name, type, spec);
        }
        resolver.setTimeout(Duration.ofMillis(remaining));
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        Message response;
        try {
            response = resolver.sendAsync(query)
                    .toCompletableFuture()
                    .get(remaining + GUARD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw timeoutFailure(name, type, spec);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PhaseFailure(Outcome.DNS_TIMEOUT, "interrupted while resolving " + name);
        } catch (ExecutionException e) {
            throw classify(e.getCause(), name, type, spec);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            throw new PhaseFailure(Outcome.DNS_NXDOMAIN, "NXDOMAIN for " + trim(name) + " from " + spec.label());
        }
        if (rcode != Rcode.NOERROR) {
            // SERVFAIL proper, and REFUSED/NOTIMP/FORMERR which also mean "the resolver would not answer".
            throw new PhaseFailure(
                    Outcome.DNS_SERVFAIL,
                    Rcode.string(rcode) + " for " + trim(name) + " " + Type.string(type) + " from " + spec.label());
        }
        List<InetAddress> addresses = new ArrayList<>();
        // Any A/AAAA in the answer section counts: CNAME chains resolved by the server end in them.
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (record instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        return addresses;
    }

    static PhaseFailure classify(Throwable error, Name name, int type, ResolverSpec spec) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t instanceof TimeoutException
                    || (t.getMessage() != null
                            && t.getMessage().toLowerCase(Locale.ROOT).contains("timed out"))) {
                return timeoutFailure(name, type, spec);
            }
            if (t instanceof PortUnreachableException) {
                return new PhaseFailure(
                        Outcome.DNS_TIMEOUT,
                        "no answer for " + trim(name) + ": resolver " + spec.label()
                                + " unreachable (ICMP port unreachable)",
                        t);
            }
        }
        String reason = error == null ? "unknown error" : error.getClass().getSimpleName() + ": " + error.getMessage();
        // The resolver gave no usable answer (malformed, truncated without TCP fallback, ...).
        return new PhaseFailure(
                Outcome.DNS_SERVFAIL,
                "resolution of " + trim(name) + " via " + spec.label() + " failed: " + reason,
                error);
    }

    private static PhaseFailure timeoutFailure(Name name, int type, ResolverSpec spec) {
        return new PhaseFailure(
                Outcome.DNS_TIMEOUT, "no answer for " + trim(name) + " " + Type.string(type) + " from " + spec.label());
    }

    private static String trim(Name name) {
        return name.toString(true);
    }

    private static Resolver resolverFor(ResolverSpec spec) throws PhaseFailure {
        if (spec.isSystem()) {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                throw new PhaseFailure(Outcome.DNS_SERVFAIL, "no system DNS servers configured");
            }
            List<Resolver> resolvers = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                resolvers.add(new SimpleResolver(server));
            }
            ExtendedResolver extended = new ExtendedResolver(resolvers);
            extended.setRetries(1);
            return extended;
        }
        return new SimpleResolver(spec.address().orElseThrow());
    }
}
