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

-- PACE_MS > 0: each connection waits between its requests (wrk's delay(), whole milliseconds), so the connections
-- offer a steady rate below saturation. PACE_DIST=geometric (the default): a memoryless think time of mean PACE_MS
-- (P(k ms) = (1-q) q^k), so the connections drift apart and arrivals are close to Poisson. PACE_DIST=constant:
-- PACE_MS exactly, so all connections stay in step and arrive as one burst per cycle.
local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 and os.getenv("PACE_DIST") == "constant" then
  function delay() return math.floor(pace + 0.5) end
elseif pace > 0 then
  local log_q = math.log(pace / (1 + pace))
  math.randomseed(os.time())
  function delay() return math.floor(math.log(1 - math.random()) / log_q) end
end

function done(summary, latency, requests)
  -- machine-readable line for run.sh (microseconds)
  io.write(string.format("BENCH rps=%.1f p50=%d p90=%d p99=%d errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
