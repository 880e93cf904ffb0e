package msgstatus.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What a Java team would build instead of msgstatus's Node stages, run by `npm run bench:pipeline`
 * on the same broker and input. One file, run with Java's source launcher (run.sh). Modes:
 *
 * <ul>
 *   <li>{@code projector <bootstrap> <application id> <observations> <changes> <anomalies> <decision table.json>
 *       <retention ms>}: the projector's job in Kafka Streams with exactly_once_v2 (one thread,
 *       commit every 100 ms): each message's status folded in a state store (its changelog is the
 *       state topic), a change record per accepted observation, an anomaly per conflict. It decides
 *       with the table msgstatus's machine is compiled to, written by the harness with decide().
 *   <li>{@code streams-passthrough <bootstrap> <application id> <input,topics> <output>}: Kafka Streams
 *       exactly_once_v2 copying records, nothing else: no exactly-once stage of it can beat this.
 *   <li>{@code streams-two-hops <bootstrap> <application id> <input,topics> <middle> <output>}: the same
 *       copy twice, through a middle topic, in one application: two exactly-once hops, as msgstatus's
 *       ingestor and projector are; the harness times a record from its publication to the output.
 *   <li>{@code plain-passthrough <bootstrap> <group> <input,topics> <output> <count>}: a plain consumer
 *       and producer copying records (acks=all, idempotent, no transactions): the limit of the broker
 *       and the Java client on this machine.
 *   <li>{@code serve}: one JVM for many runs, so that the harness can warm it up before it times it.
 *       Each line on stdin is a mode and its arguments; a Kafka Streams run lasts until the line
 *       {@code stop}, the plain passthrough until its count. Each run ends with the line "stopped";
 *       a {@code stop} between runs is ignored.
 * </ul>
 *
 * Each run prints "started" once its clients exist (the harness starts its clock there, as it does
 * for its own stages); alone (not served), a Kafka Streams run lasts until the process is stopped.
 */
public final class Peer {
  private static final ObjectMapper json = new ObjectMapper();

  /** Waits until a Kafka Streams run is to stop. */
  interface StopSignal {
    void await() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("serve")) {
      serve();
      return;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopRequested.countDown();
      try {
        closed.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      run(args, stopRequested::await);
    } finally {
      closed.countDown();
    }
  }

  private static void serve() throws Exception {
    BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = input.readLine()) != null) {
      String[] words = line.trim().split(" +");
      if (words[0].isEmpty() || words[0].equals("stop")) continue;
      BufferedReader commands = input;
      run(words, () -> {
        String command;
        do command = commands.readLine();
        while (command != null && !command.trim().equals("stop"));
      });
      System.out.println("stopped");
    }
  }

  private static void run(String[] args, StopSignal stop) throws Exception {
    switch (args[0]) {
      case "projector" -> runStreams(projector(args[3], args[4], args[5], new DecisionTable(json.readTree(new File(args[6]))), Long.parseLong(args[7])), args[1], args[2], stop);
      case "streams-passthrough" -> runStreams(streamsPassthrough(args[3].split(","), args[4]), args[1], args[2], stop);
      case "streams-two-hops" -> runStreams(streamsTwoHops(args[3].split(","), args[4], args[5]), args[1], args[2], stop);
      case "plain-passthrough" -> plainPassthrough(args[1], args[2], args[3].split(","), args[4], Long.parseLong(args[5]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
  }

  private static void runStreams(Topology topology, String bootstrap, String applicationId, StopSignal stop) throws Exception {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/msgstatus-peer-" + applicationId);
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    KafkaStreams streams = new KafkaStreams(topology, config);
    System.out.println("started");
    streams.start();
    try {
      stop.await();
    } finally {
      streams.close(Duration.ofSeconds(10));
      // The next run of a served JVM has an application id of its own: this one's state is not kept.
      streams.cleanUp();
    }
  }

  private static Topology streamsPassthrough(String[] inputs, String output) {
    Topology topology = new Topology();
    topology.addSource("raw", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputs);
    topology.addSink("copies", output, new ByteArraySerializer(), new ByteArraySerializer(), "raw");
    return topology;
  }

  private static Topology streamsTwoHops(String[] inputs, String middle, String output) {
    Topology topology = new Topology();
    topology.addSource("raw", new ByteArrayDeserializer(), new ByteArrayDeserializer(), inputs);
    topology.addSink("to-middle", middle, new ByteArraySerializer(), new ByteArraySerializer(), "raw");
    topology.addSource("middle", new ByteArrayDeserializer(), new ByteArrayDeserializer(), middle);
    topology.addSink("to-output", output, new ByteArraySerializer(), new ByteArraySerializer(), "middle");
    return topology;
  }

  private static Topology projector(String observations, String changes, String anomalies, DecisionTable table, long retentionMs) {
    Topology topology = new Topology();
    topology.addSource("observations", Serdes.String().deserializer(), Serdes.String().deserializer(), observations);
    topology.addProcessor("fold", () -> new Fold(table, retentionMs), "observations");
    // In memory with a changelog: the same as msgstatus's projector (a Map, restored from its state topic).
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("message-state"), Serdes.String(), Serdes.String()), "fold");
    topology.addSink("changes", changes, Serdes.String().serializer(), Serdes.String().serializer(), "fold");
    topology.addSink("anomalies", anomalies, Serdes.String().serializer(), Serdes.String().serializer(), "fold");
    return topology;
  }

  /** One message's observations folded through the decision table: the port of decide() and evolve(). */
  static final class Fold implements Processor<String, String, String, String> {
    private final DecisionTable table;
    private final long retentionMs;
    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> store;

    Fold(DecisionTable table, long retentionMs) {
      this.table = table;
      this.retentionMs = retentionMs;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      this.store = context.getStateStore("message-state");
    }

    @Override
    public void process(Record<String, String> record) {
      try {
        ObjectNode observation = (ObjectNode) json.readTree(record.value());
        String messageId = observation.get("messageId").asText();
        String stored = store.get(messageId);
        ObjectNode known = stored == null ? null : (ObjectNode) json.readTree(stored);
        String state = observation.get("state").asText();
        String detail = detailFor(state, textOrNull(observation.get("detail")));
        Integer attempt = observation.get("attempt").isNull() ? null : observation.get("attempt").asInt();
        String channel = textOrNull(observation.get("channel"));
        if (known == null && millis(observation.get("observedAt").asText()) - millis(observation.get("occurredAt").asText()) >= retentionMs) return;
        int observed = table.factIndex(state, detail);
        DecisionTable.Reaction reaction;
        int newAttempt;
        if (known == null) {
          reaction = table.first[observed];
          newAttempt = attempt == null ? 1 : attempt;
        } else {
          int currentAttempt = known.get("attempt").asInt();
          ArrayNode channels = (ArrayNode) known.get("channels");
          String currentChannel = textOrNull(channels.get(currentAttempt - 1));
          int relation;
          if (attempt != null) {
            relation = attempt > currentAttempt ? 1 : attempt < currentAttempt ? 2 : 0;
            newAttempt = attempt;
          } else if (channel == null || sameChannel(currentChannel, channel)) {
            relation = 0;
            newAttempt = currentAttempt;
          } else {
            relation = 1;
            newAttempt = currentAttempt + 1;
            for (int index = 0; index < currentAttempt - 1; index++) {
              if (sameChannel(textOrNull(channels.get(index)), channel)) {
                relation = 2;
                newAttempt = index + 1;
                break;
              }
            }
          }
          int knownFact = table.factIndex(known.get("state").asText(), textOrNull(known.get("detail")));
          int finalBit = known.path("final").asBoolean(false) ? 1 : 0;
          reaction = table.later[((knownFact * table.facts + observed) * 3 + relation) * 2 + finalBit];
          if (relation == 0) newAttempt = currentAttempt;
        }
        if (reaction.kind.equals("accepted")) {
          int version = known == null ? 1 : known.get("version").asInt() + 1;
          ArrayNode channels = known == null ? json.createArrayNode() : ((ArrayNode) known.get("channels")).deepCopy();
          if (newAttempt > channels.size()) {
            while (channels.size() < newAttempt - 1) channels.addNull();
            channels.add(channel);
          }
          ObjectNode status = json.createObjectNode();
          status.put("messageId", messageId);
          status.put("state", reaction.state);
          status.put("detail", reaction.detail);
          status.put("attempt", newAttempt);
          status.set("channels", channels);
          status.put("version", version);
          String finalReason = table.finalReason(table.factIndex(reaction.state, reaction.detail), textOrNull(channels.get(newAttempt - 1)), observation.get("provider").asText());
          status.put("final", finalReason != null);
          status.put("finalReason", finalReason);
          JsonNode account = observation.has("account") ? observation.get("account") : known == null ? null : known.get("account");
          if (account != null) status.set("account", account);
          JsonNode clientRef = observation.has("clientRef") ? observation.get("clientRef") : known == null ? null : known.get("clientRef");
          if (clientRef != null) status.set("clientRef", clientRef);
          status.set("changedAt", observation.get("observedAt"));
          store.put(messageId, json.writeValueAsString(status));
          ObjectNode change = json.createObjectNode();
          change.put("messageId", messageId);
          change.put("version", version);
          change.put("state", reaction.state);
          change.put("previousState", known == null ? null : known.get("state").asText());
          change.put("detail", reaction.detail);
          change.put("attempt", newAttempt);
          change.put("channel", channel);
          change.set("occurredAt", observation.get("occurredAt"));
          change.set("observedAt", observation.get("observedAt"));
          change.set("error", observation.get("error"));
          change.set("provider", observation.get("provider"));
          change.set("providerMessageId", observation.get("providerMessageId"));
          change.set("eventId", observation.get("eventId"));
          change.put("final", finalReason != null);
          change.put("finalReason", finalReason);
          if (clientRef != null) change.set("clientRef", clientRef);
          context.forward(record.withValue(json.writeValueAsString(change)), "changes");
        } else if (reaction.kind.equals("conflict")) {
          ObjectNode anomaly = json.createObjectNode();
          anomaly.put("messageId", messageId);
          anomaly.put("rule", reaction.rule);
          anomaly.put("reason", state + " contradicts " + known.get("state").asText() + " (" + reaction.rule + ")");
          anomaly.set("known", known);
          anomaly.set("observation", observation);
          context.forward(record.withValue(json.writeValueAsString(anomaly)), "anomalies");
        }
      } catch (Exception error) {
        throw new RuntimeException(error);
      }
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  private static boolean sameChannel(String a, String b) {
    if (a == null || b == null) return false;
    return a.equals(b) || a.trim().toLowerCase(Locale.ROOT).equals(b.trim().toLowerCase(Locale.ROOT));
  }

  private static String detailFor(String state, String detail) {
    if ("delivered_to_operator".equals(detail) || "delivered_to_recipient".equals(detail)) return "delivered".equals(state) ? detail : null;
    if ("rejected_by_operator".equals(detail) || "undelivered_to_recipient".equals(detail)) return "undelivered".equals(state) ? detail : null;
    return null;
  }

  /** msgstatus's machine as a table: every (known fact, observed fact, attempt relation) and its reaction. */
  static final class DecisionTable {
    record Reaction(String kind, String rule, String state, String detail) {}

    final int facts;
    final String[] factStates;
    final String[] factDetails;
    final Reaction[] first;
    final Reaction[] later;
    private final boolean[] finalAlways;
    private final boolean[] finalWithoutFallback;
    private final List<List<String>> finalOnChannels = new ArrayList<>();
    private final java.util.Map<String, Boolean> fallback = new java.util.HashMap<>();

    DecisionTable(JsonNode table) {
      JsonNode factNodes = table.get("facts");
      facts = factNodes.size();
      factStates = new String[facts];
      factDetails = new String[facts];
      for (int index = 0; index < facts; index++) {
        factStates[index] = factNodes.get(index).get("state").asText();
        factDetails[index] = textOrNull(factNodes.get(index).get("detail"));
      }
      first = reactions(table.get("first"));
      later = reactions(table.get("later"));
      JsonNode finality = table.get("finality");
      finalAlways = new boolean[facts];
      finalWithoutFallback = new boolean[facts];
      for (int index = 0; index < facts; index++) {
        JsonNode node = finality.get(index);
        finalAlways[index] = node.get("always").asBoolean();
        finalWithoutFallback[index] = node.get("withoutFallback").asBoolean();
        List<String> channels = new ArrayList<>();
        for (JsonNode channel : node.get("onChannels")) channels.add(channel.asText());
        finalOnChannels.add(channels);
      }
      table.get("fallback").fields().forEachRemaining((entry) -> fallback.put(entry.getKey(), entry.getValue().asBoolean()));
    }

    /** Why a message in `fact` on `channel` is final, or null, as msgstatus's finalReason() says (the table's probe of it). */
    String finalReason(int fact, String channel, String provider) {
      if (finalAlways[fact]) return "last-state";
      for (String ending : finalOnChannels.get(fact)) if (sameChannel(ending, channel)) return "last-state";
      return finalWithoutFallback[fact] && !fallback.getOrDefault(provider, true) ? "failure" : null;
    }

    private static Reaction[] reactions(JsonNode nodes) {
      List<Reaction> list = new ArrayList<>();
      for (JsonNode node : nodes) list.add(new Reaction(node.get("kind").asText(), node.get("rule").asText(), textOrNull(node.get("state")), textOrNull(node.get("detail"))));
      return list.toArray(new Reaction[0]);
    }

    int factIndex(String state, String detail) {
      for (int index = 0; index < facts; index++) {
        if (factStates[index].equals(state) && java.util.Objects.equals(factDetails[index], detail)) return index;
      }
      throw new IllegalArgumentException("no fact " + state + " " + detail);
    }
  }

  private static void plainPassthrough(String bootstrap, String group, String[] inputs, String output, long count) {
    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    AtomicLong acknowledged = new AtomicLong();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig); KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      System.out.println("started");
      consumer.subscribe(Arrays.asList(inputs));
      long copied = 0;
      while (copied < count) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          producer.send(new ProducerRecord<>(output, null, record.key(), record.value(), record.headers()), (metadata, error) -> {
            if (error == null) acknowledged.incrementAndGet();
          });
          copied++;
        }
        consumer.commitAsync();
      }
      producer.flush();
      consumer.commitSync();
      System.out.println("copied " + acknowledged.get());
    }
  }
}
