import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * What cluster.sh's `state` prints, for the cluster soak: the active controller (the leader of the
 * KRaft quorum, which DescribeCluster does not tell a client: it names any broker), then one line per
 * partition of every topic, internal ones included:
 *   controller ID
 *   partition TOPIC PARTITION LEADER REPLICAS ISR      (LEADER -1 when none; lists comma-separated)
 *   min.insync.replicas TOPIC N                        (every topic but Kafka's internal ones)
 * Run as a single-file program from the broker's jars: java -cp '.kafka/lib/*' ClusterState.java BOOTSTRAP
 */
public class ClusterState {
  public static void main(String[] args) throws Exception {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
    try (Admin admin = Admin.create(properties)) {
      System.out.println("controller " + admin.describeMetadataQuorum().quorumInfo().get().leaderId());
      Set<String> topics = new TreeSet<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
      for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
        topic.partitions().forEach((partition) -> System.out.println(String.join(" ", "partition", topic.name(), String.valueOf(partition.partition()),
            String.valueOf(partition.leader() == null ? -1 : partition.leader().id()), ids(partition.replicas()), ids(partition.isr()))));
      }
      List<ConfigResource> resources = topics.stream().filter((topic) -> !topic.startsWith("__")).map((topic) -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).collect(Collectors.toList());
      admin.describeConfigs(resources).all().get().forEach((resource, config) ->
          System.out.println("min.insync.replicas " + resource.name() + " " + config.get("min.insync.replicas").value()));
    }
  }

  private static String ids(List<Node> nodes) {
    return nodes.isEmpty() ? "-" : nodes.stream().map((node) -> String.valueOf(node.id())).collect(Collectors.joining(","));
  }
}
