package hdlab.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkPoolTest {
  @Test
  void resultsInItemOrderAtAnyThreadCount() {
    List<Long> expected = IntStream.range(0, 37).mapToObj(i -> (long) i * i * i).toList();
    for (int threads : new int[] {1, 2, 5, 64}) {
      assertEquals(expected, WorkPool.map(37, threads, "test", i -> (long) i * i * i), "threads " + threads);
    }
    assertEquals(List.of(), WorkPool.map(0, 4, "test", i -> i));
  }

  @Test
  void oneThreadRunsOnTheCallerAndSeveralUseNamedWorkers() {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    WorkPool.map(5, 1, "test", i -> seen.add(Thread.currentThread()));
    assertEquals(Set.of(Thread.currentThread()), seen);
    Set<String> names = ConcurrentHashMap.newKeySet();
    WorkPool.map(8, 3, "hdlab-x", i -> names.add(Thread.currentThread().getName()));
    assertEquals(Set.of("hdlab-x"), names);
  }

  @Test
  void taskExceptionsArriveUnwrapped() {
    IllegalArgumentException bad = new IllegalArgumentException("item 3 is bad");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkPool.map(6, 3, "test", i -> {
      if (i == 3) throw bad;
      return i;
    }));
    assertSame(bad, e);
    assertThrows(IllegalArgumentException.class, () -> WorkPool.map(2, 0, "test", i -> i));
    assertTrue(assertThrows(AssertionError.class, () -> WorkPool.map(4, 2, "test", i -> {
      throw new AssertionError("err " + i);
    })).getMessage().startsWith("err "));
  }
}
