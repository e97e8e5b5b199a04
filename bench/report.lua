-- wrk reports p50/75/90/99 by itself; the benchmark wants p95 and the non-2xx count.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH rps=%.2f p95_ms=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
