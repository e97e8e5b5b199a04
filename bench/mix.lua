-- The mixed workload for wrk (bench/mix.py writes the plan): run with as many threads as
-- connections, so each thread has one connection and one request in flight, and the time
-- between request() and response() is that request's latency. Prints one "S" line per
-- request (kind, status, microseconds, the X-Query-Count header) and a BENCH total.
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *tp);
]]
local clock = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1e6 + tonumber(clock.tv_nsec) / 1e3
end

local threads, counter = {}, 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local mine, next_index, started, current = {}, 1, 0, nil
samples = {}

function init(args)
  local total = tonumber(os.getenv("BENCH_THREADS"))
  local index = 0
  for line in io.lines(os.getenv("BENCH_PLAN")) do
    if index % total == id then
      local kind, method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {["User-Agent"] = os.getenv("BENCH_USER_AGENT")}
      if cookie ~= "" then headers["Cookie"] = cookie end
      if method == "POST" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      table.insert(mine, {kind = kind, request = wrk.format(method, path, headers, body)})
    end
    index = index + 1
  end
end

function request()
  current = mine[next_index]
  next_index = next_index % #mine + 1
  started = now_us()
  return current.request
end

function response(status, headers, body)
  local queries = headers["X-Query-Count"] or "-1"
  table.insert(samples, string.format("S %s\t%d\t%.0f\t%s", current.kind, status,
                                      now_us() - started, queries))
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for _, line in ipairs(thread:get("samples")) do
      io.write(line, "\n")
    end
  end
  local e = summary.errors
  io.write(string.format("BENCH rps=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), e.connect + e.read + e.write + e.timeout))
end
