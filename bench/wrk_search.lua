-- wrk script for bench/load.sh: GET /api/search with a mix of real queries.
--
--   wrk -t2 -c16 -d20s --latency -s bench/wrk_search.lua http://127.0.0.1:PORT -- QUERIES
--
-- QUERIES holds one query per line, or "class<TAB>query" (bench/corpora.py queries). Each
-- thread walks the whole list from its own starting point, so every query is asked and the
-- threads do not ask the same one at the same moment. At the end one line is printed for
-- bench/load.sh to parse: requests, duration, errors by kind (status = responses >= 400),
-- latency mean/p50/p90/p99/max in microseconds.

local queries = {}
local next_index = 1
local thread_counter = 0

local function urlencode(s)
    return (s:gsub("[^%w%-%._~]", function(c)
        return string.format("%%%02X", string.byte(c))
    end))
end

function setup(thread)
    thread_counter = thread_counter + 1
    thread:set("thread_number", thread_counter)
end

function init(args)
    local path = args[1]
    if path == nil then
        io.stderr:write("wrk_search.lua: give the query file after --\n")
        os.exit(2)
    end
    for line in io.lines(path) do
        local q = line:match("\t(.*)$") or line
        if #q > 0 then
            queries[#queries + 1] = "/api/search?q=" .. urlencode(q)
        end
    end
    if #queries == 0 then
        io.stderr:write("wrk_search.lua: no queries in " .. path .. "\n")
        os.exit(2)
    end
    -- thread_number is set by setup() before init() runs in the thread.
    local n = tonumber(thread_number) or 1
    next_index = ((n - 1) * 7919) % #queries + 1
end

function request()
    local path = queries[next_index]
    next_index = next_index % #queries + 1
    return wrk.format("GET", path)
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "WRK_RESULT requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d " ..
        "status=%d timeout=%d mean_us=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
        summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
        e.status, e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max))
end
