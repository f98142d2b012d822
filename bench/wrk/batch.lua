-- wrk script: /v1/batch requests of 100 realistic track messages, each message id unique.
-- The write key comes from the WRITE_KEY environment variable.
local counter = 0
local thread_id = 0
local auth = nil

setup = function(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

init = function(args)
  local key = os.getenv("WRITE_KEY")
  -- base64 of "<key>:" without external tools
  local b = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  local data = key .. ":"
  auth = "Basic " .. ((data:gsub('.', function(x)
    local r, byte = '', x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if (#x < 6) then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
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
