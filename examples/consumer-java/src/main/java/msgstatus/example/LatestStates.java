package msgstatus.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads msgstatus's changes topic from the beginning to its end as of the start, and prints each
 * message's latest state and version history, one JSON line a message, sorted by messageId.
 *
 * <p>What a consumer must do, from docs/consuming.md: read committed; read only schema-version 1;
 * ignore unknown fields; and keep per message the highest version applied, so a record seen twice
 * (a re-read after a crash) is skipped by its (messageId, version).
 *
 * <p>Usage: LatestStates &lt;bootstrap servers&gt; &lt;changes topic&gt;
 */
public final class LatestStates {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What we know of one message: its latest change and the states of versions 1, 2, 3... */
  private static final class Message {
    String state;
    long version;
    final List<String> history = new ArrayList<>();
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LatestStates <bootstrap servers> <changes topic>");
      System.exit(2);
    }
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    // The projector writes in transactions: read_uncommitted (the default) would also show
    // the changes of transactions that were aborted and written again.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

    Map<String, Message> messages = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(args[1], Duration.ofSeconds(30)).forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed, the end is the last stable offset: what is committed now.
      Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!reachedEnds(consumer, ends)) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the end of " + args[1] + " was not reached in 120 s");
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) apply(record, messages);
      }
    }
    for (Map.Entry<String, Message> entry : messages.entrySet()) {
      ObjectNode line = JSON.createObjectNode();
      line.put("messageId", entry.getKey());
      line.put("state", entry.getValue().state);
      line.put("version", entry.getValue().version);
      ArrayNode history = line.putArray("history");
      entry.getValue().history.forEach(history::add);
      System.out.println(JSON.writeValueAsString(line));
    }
  }

  private static boolean reachedEnds(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) return false;
    }
    return true;
  }

  private static void apply(ConsumerRecord<String, byte[]> record, Map<String, Message> messages) throws Exception {
    Header version = record.headers().lastHeader("schema-version");
    if (version != null && !"1".equals(new String(version.value(), StandardCharsets.UTF_8))) {
      System.err.println("skipped a record of schema-version " + new String(version.value(), StandardCharsets.UTF_8) + " at offset " + record.offset());
      return;
    }
    // Fields we do not know are ignored: a later minor version may add some.
    JsonNode change = JSON.readTree(record.value());
    String messageId = change.get("messageId").asText();
    long changeVersion = change.get("version").asLong();
    Message message = messages.computeIfAbsent(messageId, id -> new Message());
    if (changeVersion <= message.version) return; // seen already: (messageId, version) identifies a change
    if (changeVersion != message.version + 1) {
      throw new IllegalStateException(messageId + ": version " + changeVersion + " after " + message.version + " (a gap: changes were lost)");
    }
    message.version = changeVersion;
    message.state = change.get("state").asText();
    message.history.add(message.state);
  }
}
