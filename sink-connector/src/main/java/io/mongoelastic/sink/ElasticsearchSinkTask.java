package io.mongoelastic.sink;

import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.mongoelastic.common.elasticsearch.ElasticsearchClientFactory;
import io.mongoelastic.sink.bulk.BulkDispatcher;
import io.mongoelastic.sink.bulk.BulkRequestSender;
import io.mongoelastic.sink.bulk.CommitRequests;
import io.mongoelastic.sink.bulk.DocumentActionEncoder;
import io.mongoelastic.sink.bulk.ElasticsearchWriter;
import io.mongoelastic.sink.bulk.IndexRouting;
import io.mongoelastic.sink.bulk.MalformedRecordHandler;
import io.mongoelastic.sink.bulk.OffsetTracker;
import io.mongoelastic.sink.document.BulkActionMapper;
import io.mongoelastic.sink.document.DocumentId;
import io.mongoelastic.sink.document.MappingErrorBehavior;
import io.mongoelastic.sink.document.ValueConverterAdvice;
import io.mongoelastic.sink.index.AssignedIndexCreator;
import io.mongoelastic.sink.index.AssignedTopicIndices;
import io.mongoelastic.sink.index.IndexCreator;
import io.mongoelastic.sink.index.IndexNameResolver;
import io.mongoelastic.sink.metrics.SinkTaskMetrics;
import io.mongoelastic.sink.resync.ResyncCoordinator;
import io.mongoelastic.sink.resync.ResyncRouting;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * Wires the collaborators of one sink task; the running state lives in {@link ElasticsearchWriter},
 * and with {@code resync.enabled} the routing of writes and snapshot markers in {@link
 * ResyncRouting}. Offsets are committed only up to records Elasticsearch acknowledged (or the
 * malformed-document policy settled), see {@link #preCommit(Map)}, and the task asks for a commit
 * soon after they move ({@link CommitRequests}).
 */
public class ElasticsearchSinkTask extends SinkTask {
  private Rest5Client client;
  private SinkTaskMetrics metrics;
  private ElasticsearchWriter writer;
  private ValueConverterAdvice converterAdvice;
  private CommitRequests commitRequests;
  private AssignedIndexCreator assignedIndices;

  @Override
  public String version() {
    return ElasticsearchSinkConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    ElasticsearchSinkConfig config = new ElasticsearchSinkConfig(props);
    String connector = props.getOrDefault("name", "elasticsearch-sink");
    String taskId = props.getOrDefault(ElasticsearchSinkConnector.TASK_ID, "0");
    client = ElasticsearchClientFactory.lowLevelClient(config.connection());
    metrics = new SinkTaskMetrics().register(connector, taskId);
    OffsetTracker offsets = new OffsetTracker();
    ErrantRecordReporter reporter = errantRecordReporter();
    MalformedRecordHandler malformed =
        new MalformedRecordHandler(config.malformedDocumentBehavior(), reporter, offsets, metrics);
    IndexCreator indexCreator =
        new IndexCreator(client, config.indexCreate(), config.indexCreationBody());
    BulkDispatcher dispatcher =
        new BulkDispatcher(
            config.bulkSettings().taskShare(taskCount(props)),
            new BulkRequestSender(client, indexCreator),
            offsets,
            malformed,
            config.mappingErrorBehavior() == MappingErrorBehavior.KEEP_UNINDEXED,
            metrics,
            "es-sink-" + connector + "-" + taskId);
    IndexNameResolver indexNames =
        new IndexNameResolver(config.indexNamePattern(), config.indexTopicMap());
    AssignedTopicIndices assignedTopics =
        new AssignedTopicIndices(indexNames, props.get("transforms"));
    assignedIndices =
        AssignedIndexCreator.forTask(
            indexCreator,
            assignedTopics,
            config.indexCreate(),
            config.resyncEnabled(),
            "es-sink-" + connector + "-" + taskId + "-index-creator");
    IndexRouting routing = IndexRouting.DIRECT;
    if (config.resyncEnabled()) {
      ResyncRouting resync =
          new ResyncRouting(
              new ResyncCoordinator(
                  ElasticsearchClientFactory.client(client), config.resyncSettings()),
              indexNames,
              assignedTopics,
              context::assignment,
              taskCount(props) == 1);
      metrics.resyncStatus(resync::statusJson);
      routing = resync;
    }
    writer =
        new ElasticsearchWriter(
            new DocumentActionEncoder(
                new BulkActionMapper(
                    indexNames,
                    config.versionSource(),
                    config.writeMethod(),
                    config.nullValueBehavior(),
                    config.pipeline(),
                    config.routingFromKey() ? DocumentId::value : id -> null)),
            routing,
            dispatcher,
            offsets,
            malformed,
            context);
    metrics.gauges(
        dispatcher::bufferedBytes,
        dispatcher::bufferedActions,
        dispatcher::inFlight,
        offsets::outstanding,
        writer::paused);
    open(context.assignment());
    converterAdvice = new ValueConverterAdvice(props);
    commitRequests =
        new CommitRequests(
            context,
            offsets::committable,
            offsets::outstanding,
            config.offsetCommitRequestIntervalMs(),
            System::currentTimeMillis);
  }

  /** How many tasks share the connector's buffer, as the connector told this one. */
  private static int taskCount(Map<String, String> props) {
    String count = props.get(ElasticsearchSinkConnector.TASK_COUNT);
    return count == null ? 1 : Integer.parseInt(count);
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // workers older than Kafka 2.6
    }
  }

  @Override
  public void open(Collection<TopicPartition> partitions) {
    writer.open(partitions);
    if (assignedIndices != null) {
      assignedIndices.assigned(partitions);
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    converterAdvice.inspect(records);
    writer.write(records);
    commitRequests.afterPut();
  }

  /** Nothing to do: {@link #preCommit(Map)} reports what is safe to commit. */
  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {}

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    return writer.committable();
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    writer.close(partitions);
    commitRequests.reset();
  }

  @Override
  public void stop() {
    try {
      if (assignedIndices != null) {
        assignedIndices.close();
      }
      if (writer != null) {
        writer.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (client != null) {
        client.close();
      }
    } catch (IOException e) {
      throw new ConnectException("Cannot close the Elasticsearch client", e);
    }
  }
}
