import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What cluster.sh's `committed TOPIC` prints: the topic read from the beginning to its end by
 * Kafka's own Java consumer with isolation.level=read_committed, a second opinion beside kafkajs's:
 *   records N            every committed record
 *   distinct N           distinct key#version (the value's "version" field; the key alone when it has none)
 * Run from the broker's jars: java -cp '.kafka/lib/*:CLASSES' CommittedRecords BOOTSTRAP TOPIC
 */
public class CommittedRecords {
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  public static void main(String[] args) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = consumer.partitionsFor(args[1]).stream().map((info) -> new TopicPartition(info.topic(), info.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<String, Integer> seen = new HashMap<>();
      long records = 0;
      while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          records++;
          Matcher version = VERSION.matcher(record.value() == null ? "" : record.value());
          seen.merge(record.key() + (version.find() ? "#" + version.group(1) : ""), 1, Integer::sum);
        }
      }
      System.out.println("records " + records);
      System.out.println("distinct " + seen.size());
    }
  }
}
