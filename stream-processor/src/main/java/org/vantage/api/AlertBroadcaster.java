package org.vantage.api;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vantage.schema.DisruptionAlert;

/**
 * Fans alerts out to the connected server-sent-events clients; a client that went away or fails is
 * dropped. Writes to one client are serialised (the servlet output allows one write at a time).
 */
public final class AlertBroadcaster {
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    public void add(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        synchronized (client) {
            client.sendComment("connected");
        }
    }

    public int clients() {
        return clients.size();
    }

    /** Sends the alert as one SSE event named {@code alert}, its id the alert id, its data the alert as JSON. */
    public void publish(DisruptionAlert alert) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
                continue;
            }
            try {
                synchronized (c) {
                    c.sendEvent("alert", alert.toString(), alert.getAlertId());
                }
            } catch (RuntimeException e) {
                clients.remove(c); // a broken connection must not stop the others
            }
        }
    }
}
