package io.mongoelastic.source;

import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The members of a {@link SharedChangeStream} in the order their heartbeats fall due, so that a
 * read of the stream costs the members whose heartbeat is due, not all of them (a task may follow
 * thousands of collections). A member's due time is only read when its entry comes up: one that
 * sent an event since goes back with its new time.
 */
final class HeartbeatQueue {
  private record Entry(long dueAtMillis, SharedChangeStream.Member member) {}

  private final PriorityQueue<Entry> queue =
      new PriorityQueue<>(Comparator.comparingLong(Entry::dueAtMillis));
  // One entry per member.
  private final Map<SharedChangeStream.Member, Boolean> queued = new IdentityHashMap<>();

  void add(SharedChangeStream.Member member) {
    if (queued.put(member, Boolean.TRUE) == null) {
      queue.add(new Entry(member.heartbeatDueAtMillis(), member));
    }
  }

  /** Forgets a member that left (rare: a new snapshot); linear, unlike the reads. */
  void remove(SharedChangeStream.Member member) {
    if (queued.remove(member) != null) {
      queue.removeIf(entry -> entry.member() == member);
    }
  }

  /**
   * Hands each current member whose heartbeat is due at {@code nowMillis} to {@code visit}, then
   * queues it again at its next due time.
   */
  void visitDue(
      long nowMillis,
      Map<String, SharedChangeStream.Member> current,
      Consumer<SharedChangeStream.Member> visit) {
    Entry head;
    while ((head = queue.peek()) != null && head.dueAtMillis() <= nowMillis) {
      queue.poll();
      SharedChangeStream.Member member = head.member();
      if (current.get(member.collection()) != member) {
        queued.remove(member);
        continue;
      }
      long due = member.heartbeatDueAtMillis();
      if (due <= nowMillis) {
        visit.accept(member);
        due = Math.max(member.heartbeatDueAtMillis(), nowMillis + 1);
      }
      queue.add(new Entry(due, member));
    }
  }

  int size() {
    return queue.size();
  }
}
