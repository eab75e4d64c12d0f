-- wrk script: 64 cashiers pay ¥0.01 each into one large bill (or round
-- many, see PAY_PATHS), every request with its own idempotency key, and every tenth request repeats
-- the key before it (a double click), which must pay nothing.
-- COOKIE comes from the environment, and PAY_PATHS names a file of bills'
-- payment paths, one a line: requests go round them.
local counter = 0
local tag = tostring(math.random(100000, 999999))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("COOKIE")
local paths = {}
for line in io.lines(os.getenv("PAY_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end

setup = function(thread)
  thread:set("tag", tostring(math.random(100000, 999999)))
end

init = function(args)
  tag = wrk.thread:get("tag")
end

request = function()
  counter = counter + 1
  local n = counter
  if counter % 10 == 0 then n = counter - 1 end
  local body = string.format('{"amount":"0.01","channel":"cash","idempotency_key":"bench-%s-%08d"}', tag, n)
  return wrk.format(nil, paths[(n % #paths) + 1], nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d non2xx=%d socket_errors=%d rps=%.0f p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
