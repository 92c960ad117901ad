-- A POST with a body of SIZE bytes (default 100 KB) on every request.
--   wrk ... -s post.lua URL -- SIZE
function init(args)
  local size = tonumber(args[1] or "102400")
  wrk.method = "POST"
  wrk.body = string.rep("a", size)
  wrk.headers["Content-Type"] = "application/octet-stream"
end
