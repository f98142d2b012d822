-- wrk script: single /v1/track requests, each message id unique.
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
  local body = '{"userId":"customer-' .. (counter % 100003) .. '","event":"Product Viewed","messageId":"wrk-' .. id ..
    '-' .. counter .. '","timestamp":"2026-11-22T14:05:17.319Z","properties":{"sku":"sku-1","price":49.9}}'
  return wrk.format("POST", "/v1/track", { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end
