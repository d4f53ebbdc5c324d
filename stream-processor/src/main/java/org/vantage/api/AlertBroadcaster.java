package org.vantage.api;

import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.vantage.schema.DisruptionAlert;

/** Fans alerts out to the connected server-sent-events clients; a client that went away is dropped. */
public final class AlertBroadcaster {
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    public void add(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendComment("connected");
    }

    public int clients() {
        return clients.size();
    }

    /** Sends the alert as one SSE event named {@code alert}, its id the alert id, its data the alert as JSON. */
    public void publish(DisruptionAlert alert) {
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
            } else {
                c.sendEvent("alert", alert.toString(), alert.getAlertId());
            }
        }
    }
}
