"""Reads msgstatus's changes topic from the beginning to its end as of the start, and prints each
message's latest state and version history, one JSON line a message, sorted by messageId.

What a consumer must do, from docs/consuming.md: read committed; read only schema-version 1;
ignore unknown fields; and keep per message the highest version applied, so a record seen twice
(a re-read after a crash) is skipped by its (messageId, version).

Usage: python latest_states.py <bootstrap servers> <changes topic>
"""

import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition


def main(bootstrap: str, topic: str) -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            # Assigned partitions only; the group id is required by librdkafka, never joined.
            "group.id": "msgstatus-example-latest-states",
            # The projector writes in transactions: read_committed hides those that were aborted.
            # (librdkafka's default is read_committed already; the Java client's is not.)
            "isolation.level": "read_committed",
            "enable.auto.commit": False,
            "enable.partition.eof": True,
        }
    )
    metadata = consumer.list_topics(topic, timeout=30)
    if metadata.topics[topic].error is not None:
        raise KafkaException(metadata.topics[topic].error)
    partitions = [TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in metadata.topics[topic].partitions]
    consumer.assign(partitions)

    messages: dict[str, dict] = {}
    # With read_committed, a partition's end is its last stable offset: what is committed now.
    at_end: set[int] = set()
    deadline = time.monotonic() + 120
    while len(at_end) < len(partitions):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the end of {topic} was not reached in 120 s")
        record = consumer.poll(0.5)
        if record is None:
            continue
        if record.error() is not None:
            if record.error().code() == KafkaError._PARTITION_EOF:
                at_end.add(record.partition())
                continue
            raise KafkaException(record.error())
        apply(record, messages)
    consumer.close()

    for message_id in sorted(messages):
        message = messages[message_id]
        line = {"messageId": message_id, "state": message["state"], "version": message["version"], "history": message["history"]}
        print(json.dumps(line, separators=(",", ":")))


def apply(record, messages: dict[str, dict]) -> None:
    headers = dict(record.headers() or [])
    version = headers.get("schema-version")
    if version is not None and version != b"1":
        print(f"skipped a record of schema-version {version!r} at offset {record.offset()}", file=sys.stderr)
        return
    # Fields we do not know are ignored: a later minor version may add some.
    change = json.loads(record.value())
    message = messages.setdefault(change["messageId"], {"state": None, "version": 0, "history": []})
    if change["version"] <= message["version"]:
        return  # seen already: (messageId, version) identifies a change
    if change["version"] != message["version"] + 1:
        raise RuntimeError(f"{change['messageId']}: version {change['version']} after {message['version']} (a gap: changes were lost)")
    message["version"] = change["version"]
    message["state"] = change["state"]
    message["history"].append(change["state"])


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: python latest_states.py <bootstrap servers> <changes topic>", file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1], sys.argv[2])
