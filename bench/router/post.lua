-- wrk request: POST an OpenAI chat request. BODY_STREAM=1 asks for SSE (with include_usage, so every server under
-- test forwards the same bytes). Extra headers (Portkey's provider/custom host) come from EXTRA_HEADERS "k: v|k: v".
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local extra = os.getenv("EXTRA_HEADERS") or ""
for pair in string.gmatch(extra, "[^|]+") do
  local k, v = string.match(pair, "^%s*([^:]+):%s*(.*)$")
  if k then wrk.headers[k] = v end
end
local model = os.getenv("MODEL") or "auto"
local stream = os.getenv("BODY_STREAM") == "1"
wrk.body = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are a helpful assistant."},'
  .. '{"role":"user","content":"Summarise the plot of Hamlet in two sentences."}],"max_tokens":64,"temperature":0.2'
  .. (stream and ',"stream":true,"stream_options":{"include_usage":true}' or '') .. '}'

-- PACE_MS > 0: each connection waits that long between its requests (wrk's delay()), so 50 connections offer a
-- steady rate well below saturation; latency is then measured at a known fraction of the maximum.
local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
  function delay() return pace end
end

function done(summary, latency, requests)
  -- machine-readable line for run.sh (microseconds)
  io.write(string.format("BENCH rps=%.1f p50=%d p90=%d p99=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
