#!/usr/bin/env python3
"""Follow Vantage alerts (topic vantage.alerts.v1) with Confluent's Python client.

Reads the Avro DisruptionAlert records through a Confluent-compatible Schema Registry (Vantage's own
embedded registry, or Confluent's), committed records only, and prints one line per incident state change
(or one JSON object per line with --json).

The key is a plain string (the incident id), so this uses a plain Consumer and decodes only the value
with the client's Avro MessageSerializer (the decoder behind AvroConsumer, which would also try to
Avro-decode the key and fail).

    pip install "confluent-kafka[avro]"        # or: apt-get install python3-confluent-kafka python3-avro
    python3 docs/examples/tail_alerts.py --bootstrap-servers 127.0.0.1:9092 \
        --schema-registry-url http://127.0.0.1:8081 --from-beginning

Without --bootstrap-servers/--schema-registry-url the script reads VANTAGE_BOOTSTRAP_SERVERS and
VANTAGE_SCHEMA_REGISTRY_URL, then the stack file that `vantage stack up` / `vantage demo` writes
(.vantage/stack.json, or --stack-dir).

The decoded value is a dict with the Avro field names (docs/alerts-contract.md); timestamp-millis fields
arrive as datetime objects or as epoch milliseconds depending on the Avro library, both handled below.
De-duplicate on alert_id: delivery is at least once for any consumer that commits after processing.
"""
import argparse
import datetime
import json
import os
import signal
import sys
import uuid

from confluent_kafka import Consumer, KafkaError, KafkaException
from confluent_kafka.avro.cached_schema_registry_client import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer import SerializerError
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

ALERTS_TOPIC = "vantage.alerts.v1"


def endpoints(args):
    bootstrap = args.bootstrap_servers or os.environ.get("VANTAGE_BOOTSTRAP_SERVERS")
    registry = args.registry_url or os.environ.get("VANTAGE_SCHEMA_REGISTRY_URL")
    stack_file = os.path.join(args.stack_dir, "stack.json")
    if (not bootstrap or not registry) and os.path.exists(stack_file):
        with open(stack_file, encoding="utf-8") as f:
            stack = json.load(f)
        bootstrap = bootstrap or stack.get("bootstrapServers")
        registry = registry or stack.get("schemaRegistryUrl")
    if not bootstrap or not registry:
        sys.exit("tail_alerts: Kafka and Schema Registry not configured: pass --bootstrap-servers and "
                 "--schema-registry-url, set VANTAGE_BOOTSTRAP_SERVERS and VANTAGE_SCHEMA_REGISTRY_URL, or start "
                 "the local stack (./vantage stack up)")
    return bootstrap, registry


def iso(value):
    """timestamp-millis as ISO-8601 UTC, whatever the Avro library decoded it to."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return datetime.datetime.fromtimestamp(value / 1000, tz=datetime.timezone.utc).isoformat().replace("+00:00", "Z")


def as_json(alert):
    """The same field names and conventions as the webhook JSON (timestamps as ISO-8601 strings)."""
    out = plain(alert)
    for field in ("start_time", "last_update_time", "end_time", "emitted_at"):
        out[field] = iso(alert.get(field))
    out["related_incidents"] = [dict(plain(r), start_time=iso(r.get("start_time")), end_time=iso(r.get("end_time")))
                                for r in alert.get("related_incidents", [])]
    return out


def plain(value):
    """A decoded Avro value with every timestamp, at any depth (e.g. late_evidence's), as an ISO-8601 string."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return iso(value)
    return value


def line(alert):
    networks = ", ".join("%s AS%d" % (n["name"], n["asn"]) for n in alert.get("networks", []))
    return "%s  %-8s %s  %-22s %-14s conf %3.0f%%  %s\n    platforms: %s\n    networks : %s\n    incident : %s #%d" % (
        iso(alert["last_update_time"]), alert["status"], alert["country"], alert["classification"], alert["scope"],
        alert["confidence"] * 100, alert["headline"], ", ".join(alert.get("platforms", [])) or "-",
        networks or "-", alert["incident_id"], alert["sequence"])


def main():
    p = argparse.ArgumentParser(description="Follow Vantage alerts (vantage.alerts.v1).")
    p.add_argument("--bootstrap-servers")
    p.add_argument("--schema-registry-url", "--registry-url", dest="registry_url")
    p.add_argument("--stack-dir", default=".vantage", help="data directory of a running local stack")
    p.add_argument("--group-id", help="consumer group (default: a new one per run, nothing committed)")
    p.add_argument("--from-beginning", action="store_true", help="start at the oldest retained alert")
    p.add_argument("--country", help="only this country, e.g. PK")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--max", type=int, default=0, help="stop after this many alerts (0 = follow)")
    p.add_argument("--timeout", type=float, default=0, help="stop after this many seconds without an alert (0 = never)")
    args = p.parse_args()
    bootstrap, registry = endpoints(args)

    # fetches each writer schema once by the id in the record (Confluent wire format) and resolves it
    avro = MessageSerializer(CachedSchemaRegistryClient({"url": registry}))
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": args.group_id or "tail-alerts-" + str(uuid.uuid4()),
        # the stream processor writes alerts in Kafka transactions: never show an aborted one
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
        # commit only when a named group is used, so a re-run resumes after the last printed alert
        "enable.auto.commit": bool(args.group_id),
    })
    consumer.subscribe([ALERTS_TOPIC])
    stopping = []
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    shown, idle = 0, 0.0
    try:
        while not stopping and (args.max == 0 or shown < args.max):
            msg = consumer.poll(0.5)
            if msg is None:
                idle += 0.5
                if args.timeout and idle >= args.timeout:
                    break
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(msg.error())
            idle = 0.0
            if msg.value() is None:
                continue
            try:
                alert = avro.decode_message(msg.value())
            except SerializerError as e:
                sys.exit("tail_alerts: cannot decode the alert at %s[%d]@%d: %s"
                         % (msg.topic(), msg.partition(), msg.offset(), e))
            if alert is None or (args.country and alert["country"] != args.country.upper()):
                continue
            print(json.dumps(as_json(alert)) if args.json else line(alert), flush=True)
            shown += 1
    finally:
        consumer.close()
    return 0 if args.max == 0 or shown >= args.max else 1


if __name__ == "__main__":
    sys.exit(main())
