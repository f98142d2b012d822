-- wrk script: /v1/batch requests of 100 realistic track messages, each message id unique.
-- The Authorization header (Basic, write key as user name) comes from the AUTHORIZATION environment variable.
local counter = 0
local thread_id = 0
local auth = nil

setup = function(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

init = function(args)
  auth = os.getenv("AUTHORIZATION")
end

request = function()
  counter = counter + 1
  local parts = {}
  for i = 1, 100 do
    parts[i] = '{"type":"track","userId":"customer-' .. ((counter * 100 + i) % 100003) ..
      '","event":"Product Viewed","messageId":"wrk-' .. id .. '-' .. counter .. '-' .. i ..
      '","timestamp":"2026-11-22T14:05:17.319Z","properties":{"sku":"sku-' .. i ..
      '","price":49.9,"currency":"EUR"},"context":{"page":{"url":"https://shop.example/products/' .. i ..
      '"},"ip":"203.0.113.7"}}'
  end
  local body = '{"batch":[' .. table.concat(parts, ',') .. '],"sentAt":"2026-11-22T14:05:17.500Z"}'
  return wrk.format("POST", "/v1/batch", { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end
