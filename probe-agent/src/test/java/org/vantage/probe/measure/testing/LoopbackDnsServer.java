package org.vantage.probe.measure.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A scriptable DNS server on 127.0.0.1 (UDP, random port) reproducing what censors and broken
 * resolvers do: per name it answers addresses (any, including bogons), NXDOMAIN, SERVFAIL,
 * NOERROR without answers, or nothing at all. Unknown names get NXDOMAIN.
 */
public final class LoopbackDnsServer implements AutoCloseable {
    private sealed interface Behaviour permits Addresses, ErrorCode, Empty, Silent {}

    private record Addresses(List<InetAddress> addresses) implements Behaviour {}

    private record ErrorCode(int rcode) implements Behaviour {}

    private record Empty() implements Behaviour {}

    private record Silent() implements Behaviour {}

    private final DatagramSocket socket;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    private LoopbackDnsServer() throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "loopback-dns-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public static LoopbackDnsServer start() throws IOException {
        return new LoopbackDnsServer();
    }

    public InetAddress address() {
        return socket.getLocalAddress();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Queries received so far (answered or not). */
    public int queryCount() {
        return queries.get();
    }

    /** A queries get the IPv4 addresses, AAAA queries the IPv6 ones. */
    public LoopbackDnsServer answer(String name, String... addresses) {
        List<InetAddress> parsed = java.util.Arrays.stream(addresses)
                .map(LoopbackDnsServer::literal)
                .toList();
        behaviours.put(key(name), new Addresses(parsed));
        return this;
    }

    public LoopbackDnsServer nxdomain(String name) {
        behaviours.put(key(name), new ErrorCode(Rcode.NXDOMAIN));
        return this;
    }

    public LoopbackDnsServer servfail(String name) {
        behaviours.put(key(name), new ErrorCode(Rcode.SERVFAIL));
        return this;
    }

    public LoopbackDnsServer rcode(String name, int rcode) {
        behaviours.put(key(name), new ErrorCode(rcode));
        return this;
    }

    /** NOERROR with an empty answer section. */
    public LoopbackDnsServer empty(String name) {
        behaviours.put(key(name), new Empty());
        return this;
    }

    /** Never answers: the client times out. */
    public LoopbackDnsServer silent(String name) {
        behaviours.put(key(name), new Silent());
        return this;
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException e) {
                return; // closed
            }
            queries.incrementAndGet();
            try {
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] response = respond(query);
                if (response != null) {
                    socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // malformed query or closed socket: nothing to answer
            }
        }
    }

    private byte[] respond(Message query) {
        Record question = query.getQuestion();
        if (question == null) {
            return null;
        }
        Behaviour behaviour =
                behaviours.getOrDefault(key(question.getName().toString()), new ErrorCode(Rcode.NXDOMAIN));
        if (behaviour instanceof Silent) {
            return null;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.addRecord(question, Section.QUESTION);
        if (behaviour instanceof ErrorCode code) {
            response.getHeader().setRcode(code.rcode());
        } else if (behaviour instanceof Addresses answer) {
            Name name = question.getName();
            for (InetAddress address : answer.addresses()) {
                if (question.getType() == Type.A && address instanceof Inet4Address) {
                    response.addRecord(new ARecord(name, DClass.IN, 60, address), Section.ANSWER);
                } else if (question.getType() == Type.AAAA && address instanceof Inet6Address) {
                    response.addRecord(new AAAARecord(name, DClass.IN, 60, address), Section.ANSWER);
                }
            }
        }
        return response.toWire();
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address); // literals only in tests: no lookup happens
        } catch (IOException e) {
            throw new IllegalArgumentException("not an address literal: " + address, e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
