-- Spreads requests over many virtual hosts: Host "<prefix><i><suffix>" for i in 0..count-1, in
-- turn. The requests are formatted once in init so wrk spends no time building them.
--   wrk ... -s hosts.lua URL -- COUNT PREFIX SUFFIX
local requests = {}
local next_index = 0

function init(args)
  local count, prefix, suffix = tonumber(args[1]), args[2], args[3]
  for i = 0, count - 1 do
    requests[#requests + 1] = wrk.format("GET", "/", { Host = prefix .. i .. suffix })
  end
end

function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
