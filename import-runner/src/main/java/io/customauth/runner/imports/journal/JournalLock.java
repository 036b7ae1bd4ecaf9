package io.customauth.runner.imports.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.customauth.runner.imports.ImportErrorCode;
import io.customauth.runner.imports.ImportException;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The right of one process to work on one import: an exclusive {@link FileLock} on the import's
 * {@code <id>.lock} file in the state directory, which also names the holder (process id, host,
 * since when) for the message a second process gets.
 *
 * <p>The operating system releases the lock when the holder dies, so a killed import can be resumed
 * at once. The lock file itself stays: deleting it would let a process that opened it just before
 * lock a file nobody else can see any more.
 *
 * <p>Within one JVM a registry refuses a second holder before it opens the file: on POSIX systems
 * closing any channel of a locked file releases the JVM's lock on it.
 */
final class JournalLock implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Path, Holder> HELD_HERE = new ConcurrentHashMap<>();

  /**
   * Past any content, so that other processes can still read the holder where locks are mandatory
   * (Windows).
   */
  private static final long LOCKED_REGION = Long.MAX_VALUE - 1;

  private static final int MAX_HOLDER_BYTES = 4096;
  private static volatile String hostName;

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  /** Who holds an import: process {@code pid} on {@code host} since {@code since}. */
  record Holder(long pid, String host, Instant since) {
    String describe() {
      return "process " + pid + " on " + host + " since " + since;
    }
  }

  private JournalLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** Where the lock of {@code importId} lives, beside its journal. */
  static Path pathFor(Path stateDir, String importId) {
    return stateDir.resolve(importId + ".lock");
  }

  /**
   * Takes the lock of {@code importId} in {@code stateDir}, which must exist, without waiting.
   *
   * @throws ImportException {@link ImportErrorCode#IMPORT_LOCKED} naming the holder when another
   *     process (or another journal in this one) has it; {@link ImportErrorCode#STATE_INVALID} when
   *     the lock file cannot be written
   */
  static JournalLock acquire(Path stateDir, String importId, Clock clock) {
    Path file = pathFor(stateDir, importId);
    Path key;
    try {
      key = stateDir.toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      throw cannotLock(file, e);
    }
    Holder me = new Holder(ProcessHandle.current().pid(), hostName(), clock.instant());
    Holder here = HELD_HERE.putIfAbsent(key, me);
    if (here != null) {
      throw locked(importId, Optional.of(here));
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(LOCKED_REGION, 1, false);
      } catch (OverlappingFileLockException e) {
        lock = null; // held in this JVM under a path spelling the registry did not unify
      }
      if (lock == null) {
        throw locked(importId, readHolderPatiently(channel));
      }
      byte[] holder = JSON.writeValueAsBytes(toJson(me));
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(holder), 0);
      channel.force(false);
      JournalLock acquired = new JournalLock(key, channel, lock);
      channel = null;
      return acquired;
    } catch (IOException e) {
      throw cannotLock(file, e);
    } finally {
      if (channel != null) {
        closeQuietly(channel);
        HELD_HERE.remove(key, me);
      }
    }
  }

  /** Releases the lock; the holder is cleared first so that nobody is named for a past run. */
  @Override
  public void close() {
    try {
      channel.truncate(0);
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases the lock all the same.
    } finally {
      closeQuietly(channel);
      HELD_HERE.remove(key);
    }
  }

  /**
   * The holder writes its name just after it takes the lock, so a refused process can look in
   * between: it reads again for a moment (at most {@code HOLDER_PATIENCE_MILLIS}) before giving up
   * on the name.
   */
  private static Optional<Holder> readHolderPatiently(FileChannel channel) throws IOException {
    long deadline = System.nanoTime() + HOLDER_PATIENCE_MILLIS * 1_000_000L;
    while (true) {
      Optional<Holder> holder = readHolder(channel);
      if (holder.isPresent() || System.nanoTime() > deadline) {
        return holder;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return holder;
      }
    }
  }

  private static final long HOLDER_PATIENCE_MILLIS = 1_000;

  private static Optional<Holder> readHolder(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_HOLDER_BYTES);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full or at the end
    }
    byte[] bytes = Arrays.copyOf(buffer.array(), buffer.position());
    try {
      JsonNode node = JSON.readTree(bytes);
      return Optional.of(
          new Holder(
              node.required("pid").asLong(),
              node.required("host").asText(),
              Instant.parse(node.required("since").asText())));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // not written yet, or by a holder that is just leaving
    }
  }

  private static ObjectNode toJson(Holder holder) {
    ObjectNode node = JSON.createObjectNode();
    node.put("pid", holder.pid());
    node.put("host", holder.host());
    node.put("since", holder.since().toString());
    return node;
  }

  private static ImportException locked(String importId, Optional<Holder> holder) {
    return new ImportException(
        ImportErrorCode.IMPORT_LOCKED,
        "import "
            + importId
            + " is being run by "
            + holder.map(Holder::describe).orElse("another process, which did not say which")
            + "; one process at a time works on an import");
  }

  private static ImportException cannotLock(Path file, IOException e) {
    return new ImportException(
        ImportErrorCode.STATE_INVALID,
        "cannot lock the import with " + file + " (" + e.getClass().getSimpleName() + ")",
        e);
  }

  /**
   * The host's name for messages. Read from the kernel where it says so: a name-service lookup can
   * take seconds on a badly configured host, and this runs before every import.
   */
  static String hostName() {
    String name = hostName;
    if (name == null) {
      name = lookUpHostName();
      hostName = name;
    }
    return name;
  }

  private static String lookUpHostName() {
    try {
      Path linux = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(linux)) {
        String name = Files.readString(linux, StandardCharsets.US_ASCII).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the other sources
    }
    String windows = System.getenv("COMPUTERNAME");
    if (windows != null && !windows.isBlank()) {
      return windows;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "an unknown host";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was written through it that a close could lose
    }
  }
}
