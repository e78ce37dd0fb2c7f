package io.switchboard.router.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A minimal keep-alive HTTP/1.1 client over a raw socket: it sends exactly the bytes a test
 * generates (headers no library client would send) and reads one response (Content-Length or
 * chunked), reconnecting when the router closes the connection.
 */
final class WireClient implements AutoCloseable {

  record Response(int status, String contentType, String body) {}

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  WireClient(int port) {
    this.port = port;
  }

  Response send(GeneratedRequests.Request request) throws IOException {
    if (socket == null) {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(15_000);
      in = new BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }
    StringBuilder head =
        new StringBuilder(request.method())
            .append(' ')
            .append(request.path())
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String[] h : request.headers()) {
      head.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
    try {
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(request.body());
      out.flush();
    } catch (IOException refusedWhileWriting) {
      // The router answered (413) and closed before the whole body was written: read its answer.
    }
    Response response = read();
    if (response.status() < 0 || closes) {
      close();
    }
    return response;
  }

  private boolean closes;

  private Response read() throws IOException {
    closes = false;
    String statusLine = line();
    if (statusLine == null) {
      return new Response(-1, null, "");
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    long length = -1;
    boolean chunked = false;
    String contentType = null;
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "content-type" -> contentType = value;
        case "connection" -> closes = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        body.write(in.readNBytes((int) size));
        line();
      }
      line();
    } else if (length >= 0) {
      body.write(in.readNBytes((int) length));
    }
    return new Response(status, contentType, body.toString(StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
