package io.switchboard.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Requests with oversized bodies over a raw socket, so a test controls exactly what is sent and
 * sees when the router answers: from the headers alone, while the body streams in, or only after
 * all of it.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends one request with a body of {@code size} bytes ({@code 0} = a small valid chat request)
   * and returns the response status; -1 when the router closed the connection before a response
   * could be read; status + 1000 when the router answered a chunked body only after all of it was
   * sent (it buffered the body before refusing it).
   */
  public static int send(int port, String method, String path, int size, boolean chunked)
      throws IOException {
    return send(port, method, path, size, chunked, "");
  }

  /**
   * {@link #send(int, String, String, int, boolean)} with {@code extraHeaders} (raw CRLF lines).
   */
  public static int send(
      int port, String method, String path, int size, boolean chunked, String extraHeaders)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      byte[] small =
          "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}"
              .getBytes(StandardCharsets.UTF_8);
      int length = size == 0 ? small.length : size;
      StringBuilder head =
          new StringBuilder(
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: application/json\r\nConnection: close\r\n"
                  + extraHeaders);
      head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n")
          .append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (size == 0) {
        out.write(small);
        out.flush();
        return status(in);
      }
      if (!chunked) {
        // A declared oversize body must be refused from the headers alone: no body byte is sent.
        return status(in);
      }
      int limit = size / 2;
      byte[] chunk = new byte[Math.max(1024, limit / 8)];
      Arrays.fill(chunk, (byte) 'a');
      try {
        for (int sent = 0; sent < length; sent += chunk.length) {
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          if (sent + chunk.length > limit && answeredWithin(in, 2_000)) {
            return status(in); // refused while the body streamed in
          }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closedWhileWriting) {
        return -1;
      }
      try {
        int status = status(in);
        return status == -1 ? -1 : status + 1000;
      } catch (IOException reset) {
        return -1;
      }
    }
  }

  private static boolean answeredWithin(InputStream in, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (in.available() == 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return in.available() > 0;
  }

  private static int status(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      line.append((char) c);
    }
    if (line.length() == 0) {
      return -1;
    }
    return Integer.parseInt(line.toString().split(" ")[1]);
  }

  record Reply(int status, String body) {}

  /**
   * Sends a request head with {@code extraHeaders} (raw lines, each ending in CRLF) and no body,
   * and reads the whole reply (the router closes the connection after an error).
   */
  static Reply head(int port, String method, String path, String extraHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: 0\r\nConnection: close\r\n"
                  + extraHeaders
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = reply.isEmpty() ? -1 : Integer.parseInt(reply.split(" ")[1]);
      int bodyStart = reply.indexOf("\r\n\r\n");
      return new Reply(status, bodyStart < 0 ? "" : reply.substring(bodyStart + 4));
    }
  }
}
