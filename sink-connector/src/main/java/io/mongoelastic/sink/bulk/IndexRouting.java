package io.mongoelastic.sink.bulk;

import java.util.Collection;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Which indices a record's write goes to, and what control records do: the hook through which a
 * resync steers the bulk path ({@code io.mongoelastic.sink.resync.ResyncRouting}). Called on the
 * task thread. Methods throw {@link org.apache.kafka.connect.errors.RetriableException} when
 * Elasticsearch cannot be asked; Connect then redelivers the batch.
 */
public interface IndexRouting {

  /** What the writer does with a record before encoding it. */
  enum Control {
    /** A data record (or a control record this routing ignores): encode it. */
    NONE,
    /** A control record to {@link #applyControl} at once. */
    APPLY,
    /**
     * A control record to {@link #applyControl} only after every earlier record of its partition is
     * acknowledged by Elasticsearch (a snapshot end may move the alias).
     */
    APPLY_AFTER_BARRIER
  }

  /** Prepares the indices of newly assigned partitions, before the first write to them. */
  void open(Collection<TopicPartition> partitions);

  Control control(SinkRecord record);

  /** Applies a control record; its offset is done once this returns. */
  void applyControl(SinkRecord record, TopicPartition partition);

  /**
   * The indices the write of {@code record} goes to, given the index it maps to; never empty.
   *
   * @param partition the record's original topic partition
   */
  List<String> targets(SinkRecord record, TopicPartition partition, String index);

  /** Writes to the index the record maps to, and treats control records as nothing to write. */
  IndexRouting DIRECT =
      new IndexRouting() {
        @Override
        public void open(Collection<TopicPartition> partitions) {}

        @Override
        public Control control(SinkRecord record) {
          return Control.NONE;
        }

        @Override
        public void applyControl(SinkRecord record, TopicPartition partition) {}

        @Override
        public List<String> targets(SinkRecord record, TopicPartition partition, String index) {
          return List.of(index);
        }
      };
}
