"""Produces one Avro Measurement with Confluent's own Python client (legacy AvroProducer of
confluent-kafka 1.7, which registers the schema under <topic>-value and writes Confluent wire format).

usage: produce_measurement.py BOOTSTRAP REGISTRY_URL TOPIC SCHEMA_FILE RECORD_JSON_FILE
Prints {"produced": true, "partition": p, "offset": o} on success.
"""
import json
import sys

from confluent_kafka.avro import AvroProducer, loads

from interop_common import millis_to_datetime

bootstrap, registry_url, topic, schema_file, record_file = sys.argv[1:6]
with open(schema_file) as f:
    schema = loads(f.read())
with open(record_file) as f:
    record = millis_to_datetime(schema, json.load(f))

delivered = {}


def on_delivery(err, msg):
    if err is not None:
        delivered["error"] = str(err)
    else:
        delivered["partition"] = msg.partition()
        delivered["offset"] = msg.offset()


producer = AvroProducer({
    "bootstrap.servers": bootstrap,
    "broker.address.family": "v4",
    "schema.registry.url": registry_url,
}, default_value_schema=schema)
producer.produce(topic=topic, value=record, on_delivery=on_delivery)
remaining = producer.flush(30)
if remaining or "error" in delivered or "offset" not in delivered:
    print("delivery failed: remaining=%s %s" % (remaining, delivered), file=sys.stderr)
    sys.exit(2)
print(json.dumps({"produced": True, "partition": delivered["partition"], "offset": delivered["offset"]}))
