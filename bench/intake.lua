-- wrk script: staff report events at the counter (代报), each with a
-- resident's phone, so that each commits an event, its first timeline
-- step, an audit entry and an SMS receipt in the outbox.
-- COOKIE comes from the environment (a staff session).
local counter = 0
local categories = { "0101", "0102", "0201", "0202", "0205", "0206", "05", "08" }
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")

request = function()
  counter = counter + 1
  local body = string.format(
    '{"category":"%s","text":"压测诉求 %d：楼道灯不亮，请尽快处理","community":"141102001002","phone":"139%08d"}',
    categories[counter % #categories + 1], counter, counter % 100000000)
  return wrk.format(nil, "/api/v1/events", nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d non2xx=%d socket_errors=%d rps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
