package hdlab.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirsTest {
  @TempDir
  Path dir;

  @Test
  void runsWithTheSameNameInTheSameSecondAllLandUnderDistinctNames() throws Exception {
    int runs = 6;
    Set<Path> landed = ConcurrentHashMap.newKeySet();
    CountDownLatch ready = new CountDownLatch(runs);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < runs; i++) {
      int id = i;
      Thread t = new Thread(() -> landed.add(RunDirs.create(dir, "same-20261202-000000", (tmp, target) -> {
        RunDirs.write(tmp.resolve("id.txt"), Integer.toString(id));
        ready.countDown();
        try {
          ready.await();   // every run has picked its target name before any renames: the worst case for collisions
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      })));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) t.join();
    assertEquals(runs, landed.size());
    Set<String> ids = new java.util.HashSet<>();
    for (Path p : landed) ids.add(Files.readString(p.resolve("id.txt")));
    assertEquals(runs, ids.size(), "no run overwrote or merged into another");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(runs, s.count(), "no temporary folders left");
    }
  }

  @Test
  void aFailedWriteLeavesNothingAndAKilledRunsTempFolderIsRemoved() throws IOException {
    assertThrows(UncheckedIOException.class, () -> RunDirs.create(dir, "bad", (tmp, target) -> {
      RunDirs.write(tmp.resolve("half.csv"), "1,2\n");
      throw new IOException("disk full");
    }));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
    // a temp folder whose writer (pid) is gone, as a killed run leaves it; pid 2^22+1 is above Linux's pid_max default
    Path orphan = Files.createDirectories(dir.resolve(".run-20261202-000000.4194305.123"));
    Files.writeString(orphan.resolve("metrics.csv"), "partial");
    Path mine = Files.createDirectories(dir.resolve(".mine." + ProcessHandle.current().pid() + ".9"));
    Path done = RunDirs.create(dir, "next", (tmp, target) -> RunDirs.write(tmp.resolve("a.txt"), "a"));
    assertTrue(Files.exists(done.resolve("a.txt")));
    assertFalse(Files.exists(orphan), "the abandoned temp folder is removed");
    assertTrue(Files.exists(mine), "a live process's temp folder is kept");
  }
}
