"""Exercises Confluent's own SchemaRegistryClient (confluent_kafka.schema_registry, confluent-kafka 1.7)
against a registry: register, register again, fetch by id, latest version, lookup, compatibility test,
and registration of an incompatible schema (expects SchemaRegistryError 409). Prints a JSON summary.

usage: registry_client.py REGISTRY_URL SUBJECT SCHEMA_FILE INCOMPATIBLE_SCHEMA_FILE
"""
import json
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

registry_url, subject, schema_file, incompatible_file = sys.argv[1:5]
with open(schema_file) as f:
    schema = Schema(f.read(), "AVRO")
with open(incompatible_file) as f:
    incompatible = Schema(f.read(), "AVRO")

client = SchemaRegistryClient({"url": registry_url})
out = {}
out["id"] = client.register_schema(subject, schema)
# A fresh client has no cache, so this is a second real registration of the same schema.
out["id_again"] = SchemaRegistryClient({"url": registry_url}).register_schema(subject, schema)
fetched = SchemaRegistryClient({"url": registry_url}).get_schema(out["id"])
out["fetched_schema"] = fetched.schema_str
out["fetched_type"] = fetched.schema_type
latest = client.get_latest_version(subject)
out["latest"] = {"id": latest.schema_id, "version": latest.version, "subject": latest.subject}
looked_up = client.lookup_schema(subject, schema)
out["lookup"] = {"id": looked_up.schema_id, "version": looked_up.version}
out["subjects"] = client.get_subjects()
out["global_compatibility"] = client.get_compatibility()
out["compatible_with_incompatible"] = client.test_compatibility(subject, incompatible)
try:
    client.register_schema(subject, incompatible)
    out["incompatible_registration"] = "accepted"
except SchemaRegistryError as e:
    out["incompatible_registration"] = {"http_status": e.http_status_code, "error_code": e.error_code,
                                        "message": e.error_message}
try:
    client.get_schema(987654)
    out["unknown_id"] = "found"
except SchemaRegistryError as e:
    out["unknown_id"] = {"http_status": e.http_status_code, "error_code": e.error_code}
print(json.dumps(out))
