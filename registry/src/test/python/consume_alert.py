"""Reads one Avro record from partition 0 of a topic with Confluent's own Python client (legacy
AvroConsumer of confluent-kafka 1.7, which fetches the writer schema by the id in the Confluent wire
format) and prints the decoded value as JSON (timestamps as epoch millis).

usage: consume_alert.py BOOTSTRAP REGISTRY_URL TOPIC
"""
import sys
import time

from confluent_kafka import TopicPartition, OFFSET_BEGINNING
from confluent_kafka.avro import AvroConsumer

from interop_common import to_json

bootstrap, registry_url, topic = sys.argv[1:4]
consumer = AvroConsumer({
    "bootstrap.servers": bootstrap,
    "broker.address.family": "v4",
    "group.id": "vantage-python-interop",
    "enable.auto.commit": False,
    "schema.registry.url": registry_url,
})
consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
deadline = time.time() + 30
try:
    while time.time() < deadline:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            print("consume error: %s" % msg.error(), file=sys.stderr)
            continue
        print(to_json(msg.value()))
        sys.exit(0)
    print("no record within 30 s on %s" % topic, file=sys.stderr)
    sys.exit(2)
finally:
    consumer.close()
