package io.switchboard.router.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends generated requests over a few keep-alive connections and checks each response against what
 * its kind of request deserves; keeps the status counts, the failures (with the request that caused
 * them) and a sample of error bodies for the caller's shape check.
 */
public final class FuzzRun {
  private static final int BODY_SAMPLE = 2_000;

  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<String> errorBodies = Collections.synchronizedList(new ArrayList<>());

  private FuzzRun() {}

  /**
   * {@code requests} generated requests against the router on {@code port} whose policy caps bodies
   * at {@code maxBodyBytes}, from {@code connections} threads (thread i draws from seed + i).
   */
  public static FuzzRun against(
      int port, int maxBodyBytes, long seed, int requests, int connections) throws Exception {
    FuzzRun run = new FuzzRun();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        long threadSeed = seed + c;
        int share = requests / connections + (c < requests % connections ? 1 : 0);
        done.add(pool.submit(() -> run.drive(port, maxBodyBytes, threadSeed, share)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return run;
  }

  private Void drive(int port, int maxBodyBytes, long seed, int count) throws Exception {
    GeneratedRequests generated = new GeneratedRequests(maxBodyBytes);
    Random random = new Random(seed);
    try (WireClient client = new WireClient(port)) {
      for (int i = 0; i < count && failures.size() < 20; i++) {
        GeneratedRequests.Request request = generated.next(random);
        WireClient.Response response = client.send(request);
        check(request, response, maxBodyBytes);
      }
    }
    return null;
  }

  private void check(
      GeneratedRequests.Request request, WireClient.Response response, int maxBodyBytes) {
    int status = response.status();
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    boolean ok =
        switch (request.kind()) {
          case VALID -> status == 200;
          case CLIENT_ERROR ->
              (status >= 400 && status < 500)
                  || (status == -1 && request.body().length > maxBodyBytes);
          case READ, FORWARDED -> status > 0 && status < 500;
        };
    if (status >= 400) {
      boolean json =
          response.contentType() != null && response.contentType().startsWith("application/json");
      ok &= json && response.body().startsWith("{\"error\":");
      if (errorBodies.size() < BODY_SAMPLE) {
        errorBodies.add(response.body());
      }
    }
    if (!ok) {
      failures.add(
          request.kind()
              + " "
              + request.method()
              + " "
              + request.path()
              + " body "
              + abbreviated(request.body())
              + " -> "
              + status
              + " "
              + response.body());
    }
  }

  private static String abbreviated(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 120 ? text.substring(0, 120) + "... (" + body.length + " bytes)" : text;
  }

  public Map<Integer, Long> statuses() {
    Map<Integer, Long> out = new TreeMap<>();
    statuses.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public List<String> failures() {
    return List.copyOf(failures);
  }

  public List<String> errorBodies() {
    return List.copyOf(errorBodies);
  }
}
