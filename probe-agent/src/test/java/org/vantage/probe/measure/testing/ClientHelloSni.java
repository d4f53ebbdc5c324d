package org.vantage.probe.measure.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a TLS ClientHello record off a stream and extracts the SNI host name, as a DPI box does.
 * The consumed bytes are kept so they can be forwarded unchanged.
 */
public final class ClientHelloSni {
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int SERVER_NAME = 0;

    private ClientHelloSni() {}

    /** The raw record bytes consumed and the SNI host name found in them, if any. */
    public record ClientHello(byte[] recordBytes, Optional<String> serverName) {}

    /** Reads exactly one TLS record (header + body) and parses it as a ClientHello. */
    public static ClientHello read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[5];
        data.readFully(header);
        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
        byte[] body = new byte[length];
        data.readFully(body);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(header);
        raw.write(body);
        Optional<String> sni = (header[0] & 0xFF) == HANDSHAKE ? parse(ByteBuffer.wrap(body)) : Optional.empty();
        return new ClientHello(raw.toByteArray(), sni);
    }

    /** The SNI of a ClientHello handshake message, empty if absent or truncated. */
    static Optional<String> parse(ByteBuffer b) {
        try {
            if ((b.get() & 0xFF) != CLIENT_HELLO) {
                return Optional.empty();
            }
            b.position(b.position() + 3 + 2 + 32); // handshake length, client_version, random
            skip(b, b.get() & 0xFF); // session id
            skip(b, b.getShort() & 0xFFFF); // cipher suites
            skip(b, b.get() & 0xFF); // compression methods
            int extensionsEnd = (b.getShort() & 0xFFFF) + b.position();
            while (b.position() + 4 <= extensionsEnd) {
                int type = b.getShort() & 0xFFFF;
                int extLength = b.getShort() & 0xFFFF;
                if (type != SERVER_NAME) {
                    skip(b, extLength);
                    continue;
                }
                b.getShort(); // server name list length
                int nameType = b.get() & 0xFF;
                int nameLength = b.getShort() & 0xFFFF;
                if (nameType != 0) {
                    return Optional.empty();
                }
                byte[] name = new byte[nameLength];
                b.get(name);
                return Optional.of(new String(name, StandardCharsets.US_ASCII));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // truncated or not a ClientHello
        }
    }

    private static void skip(ByteBuffer b, int n) {
        if (n > b.remaining()) {
            throw new java.nio.BufferUnderflowException();
        }
        b.position(b.position() + n);
    }
}
