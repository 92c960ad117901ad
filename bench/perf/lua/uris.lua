-- Cycles through COUNT distinct request URIs (/item/<i>?v=<i mod 7>) so a hash balancer keyed on
-- $request_uri spreads the load over its peers.
--   wrk ... -s uris.lua URL -- COUNT
local requests = {}
local next_index = 0

function init(args)
  local count = tonumber(args[1])
  for i = 0, count - 1 do
    requests[#requests + 1] = wrk.format("GET", "/item/" .. i .. "?v=" .. (i % 7))
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
