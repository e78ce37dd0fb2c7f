#!/usr/bin/env python3
"""Streaming time-to-first-token helper for run.sh (stdlib only).

serve PORT        an OpenAI-style SSE upstream on 127.0.0.1: sends the first frame at once, the rest after 20 ms
measure URL N [H] TTFT_WARMUP (1500) then N sequential streamed requests over one keep-alive connection; prints
                  "TTFT p50=<us> p90=<us> p99=<us> n=<ok> failed=<n>" where TTFT = request sent -> first data frame
"""
import asyncio
import http.client
import json
import os
import sys
import time
import urllib.parse

FRAME = ('data: {"id":"c","object":"chat.completion.chunk","model":"mock-model","choices":[{"index":0,'
         '"delta":{"content":"%s"},"finish_reason":null}]}\n\n')


async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            first = (FRAME % "Hello").encode()
            writer.write(b"%x\r\n%s\r\n" % (len(first), first))
            await writer.drain()
            await asyncio.sleep(0.02)
            rest = ("".join(FRAME % w for w in (" there", ",", " friend")) + "data: [DONE]\n\n").encode()
            writer.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(rest), rest))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def serve(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def measure(url, n, extra_headers):
    u = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    body = json.dumps({"model": "auto", "stream": True, "stream_options": {"include_usage": True},
                       "messages": [{"role": "user", "content": "Say hello"}]})
    headers = {"content-type": "application/json", "authorization": "Bearer sk-bench"}
    for pair in filter(None, extra_headers.split("|")):
        k, v = pair.split(":", 1)
        headers[k.strip()] = v.strip()
    samples, failed = [], 0
    # Warm-up requests first (not sampled): a JIT compiles the trickled-stream path (frames arriving apart) only
    # after it has run for a while, and that compilation would otherwise land in the measured tail.
    warmup = int(os.environ.get("TTFT_WARMUP", "1500"))
    for i in range(warmup + n):
        t0 = time.perf_counter()
        try:
            conn.request("POST", u.path, body=body, headers=headers)
            resp = conn.getresponse()
            if resp.status != 200:
                resp.read()
                failed += 1
                continue
            first = None
            while True:
                line = resp.readline()
                if not line:
                    break
                if first is None and line.startswith(b"data:"):
                    first = time.perf_counter() - t0
            if first is None:
                failed += 1
            elif i >= warmup:
                samples.append(first)
        except Exception:
            failed += 1
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    samples.sort()
    pct = lambda p: int(samples[min(len(samples) - 1, int(p / 100 * len(samples)))] * 1e6) if samples else 0
    print("TTFT p50=%d p90=%d p99=%d n=%d failed=%d" % (pct(50), pct(90), pct(99), len(samples), failed))


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        asyncio.run(serve(int(sys.argv[2])))
    else:
        measure(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
