"""Helpers shared by the interop scripts: Avro timestamp-millis <-> epoch millis, JSON output."""
import datetime
import json

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def millis_to_datetime(schema, value):
    """Turns epoch-millis ints into datetimes wherever the Avro schema says timestamp-millis."""
    if value is None:
        return None
    t = schema.type
    if t == "union":
        for branch in schema.schemas:
            if branch.type != "null":
                return millis_to_datetime(branch, value)
        return value
    if t == "record":
        return {f.name: millis_to_datetime(f.type, value.get(f.name)) for f in schema.fields}
    if t == "array":
        return [millis_to_datetime(schema.items, v) for v in value]
    if getattr(schema, "logical_type", None) == "timestamp-millis" and isinstance(value, int):
        return EPOCH + datetime.timedelta(milliseconds=value)
    return value


def to_json(value):
    """JSON text of a decoded Avro value; datetimes become exact epoch millis (integer arithmetic)."""
    def default(o):
        if isinstance(o, datetime.datetime):
            if o.tzinfo is None:
                o = o.replace(tzinfo=datetime.timezone.utc)
            return (o - EPOCH) // datetime.timedelta(milliseconds=1)
        raise TypeError("cannot encode %r" % (o,))
    return json.dumps(value, default=default, sort_keys=True)
