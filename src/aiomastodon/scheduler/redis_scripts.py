"""The two Lua scripts of the Redis store: reserve and settle, each one atomic step.

They are ``aiomastodon.scheduler.bucket.Bucket``'s arithmetic, kept in Redis: the
same rules, written a second time in the only language Redis runs atomically (the tests
run the same scenarios against both stores). Per bucket there is a hash (``limit``,
``remaining``, ``reset``, ``last``: the last send, ``blocked``: a 429's end, ``silent``,
``seq``: a change counter) and a sorted set of leases scored by their expiry. Requests in
flight are the unexpired leases; an expired lease (its process died, or never came back)
is dropped by whichever script runs next, and counted as spent, as an unanswered request
is.

KEYS: per bucket, the hash then the lease set; the account's (or IP's) bucket first.
A lease's member is its id, ``@``, and the time it was taken: an expired lease taken
before the window last refilled (``rolled``) was spent in a window already over.
ARGV[1] is the time ('' : Redis's own ``TIME``, one clock for every machine). Every other
time crosses the wire as seconds from that ``now``, so no two machines' clocks need agree.
Numbers come back as strings: Redis truncates Lua numbers to integers.
"""

from __future__ import annotations

__all__ = ["RESERVE", "SETTLE"]

_PRELUDE = """
local SAME_WINDOW = 1.0
local RESET_NOISE = 3.0
local FIELDS = {'limit', 'remaining', 'reset', 'last', 'blocked', 'silent', 'rolled'}

local function clock()
  if ARGV[1] ~= '' then return tonumber(ARGV[1]) end
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end

local function num(x)
  if x == nil then return false end
  return string.format('%.17g', x)
end

local function load(i, now)
  local hash, leases = KEYS[2 * i - 1], KEYS[2 * i]
  local f = redis.call('HMGET', hash, 'limit', 'remaining', 'reset', 'last', 'blocked',
    'silent', 'rolled', 'seq')
  local b = {
    hash = hash, leases = leases,
    limit = tonumber(f[1]), remaining = tonumber(f[2]), reset = tonumber(f[3]),
    last = tonumber(f[4]), blocked = tonumber(f[5]), silent = f[6] == '1',
    rolled = tonumber(f[7]), seq = tonumber(f[8]) or 0,
  }
  -- A lease past its expiry is a request whose answer never came: spent, if it was
  -- sent in this window (lease ids end in '@' and the time they were taken).
  local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now)
  if #expired > 0 then
    redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
    if b.remaining then
      local spent = 0
      for _, member in ipairs(expired) do
        local taken = tonumber(string.match(member, '@([^@]+)$'))
        if not b.rolled or not taken or taken >= b.rolled then spent = spent + 1 end
      end
      b.remaining = math.max(b.remaining - spent, 0)
    end
  end
  b.in_flight = redis.call('ZCARD', leases)
  return b
end

local function roll(b, now)  -- the window ended: full again (Bucket._roll)
  if b.reset and b.limit and now >= b.reset then
    b.remaining = b.limit
    b.reset = nil
    b.rolled = now
  end
end

local function save(b, ttl_ms)
  local set, del = {}, {}
  for _, name in ipairs(FIELDS) do
    local v = b[name]
    if v == nil or v == false then
      del[#del + 1] = name
    elseif v == true then
      set[#set + 1] = name; set[#set + 1] = '1'
    else
      set[#set + 1] = name; set[#set + 1] = num(v)
    end
  end
  b.seq = b.seq + 1
  set[#set + 1] = 'seq'; set[#set + 1] = b.seq
  redis.call('HSET', b.hash, unpack(set))
  if #del > 0 then redis.call('HDEL', b.hash, unpack(del)) end
  redis.call('PEXPIRE', b.hash, ttl_ms)
  if b.in_flight > 0 then redis.call('PEXPIRE', b.leases, ttl_ms) end
end

local function snapshot(out, b, now)
  out[#out + 1] = b.limit or false
  out[#out + 1] = b.remaining or false
  out[#out + 1] = b.reset and num(b.reset - now) or false
  out[#out + 1] = b.in_flight
  out[#out + 1] = b.seq
end
"""

RESERVE = (
    _PRELUDE
    + """
-- ARGV: now, policy, lease id, lease ttl (s), then per bucket: window (s), key ttl (ms).
-- Returns: delay ('' : granted; false : wait for an answer), the deciding bucket's index,
-- the seconds until its first lease expires (or false), the lease's member in the lease
-- sets, then per bucket its snapshot.
local now = clock()
local policy, lease_ttl = ARGV[2], tonumber(ARGV[4])
local lease = ARGV[3] .. '@' .. num(now)
local n = #KEYS / 2

local function delay(b, window)
  roll(b, now)
  if b.blocked then
    if now < b.blocked then return b.blocked - now end
    b.blocked = nil
  end
  if not b.limit or not b.remaining then
    if b.silent or b.in_flight == 0 then return 0 end
    return nil
  end
  local available = b.remaining - b.in_flight
  if available <= 0 then
    -- Not known to be spent: a request in flight may be counted in remaining already.
    if b.in_flight > 0 and b.remaining > 0 then return nil end
    if not b.reset then
      if b.in_flight > 0 then return nil end
      b.reset = now + window  -- no answer will tell: the documented window, then a refill
      return window
    end
    return math.max(b.reset - now, 0)
  end
  if policy == 'pace' then
    if not b.reset then
      if b.in_flight > 0 then return nil end
      return 0
    end
    if b.last then
      return math.max(b.last + (b.reset - now) / available - now, 0)
    end
  end
  return 0
end

local buckets, worst, which, waiting = {}, 0, 1, false
for i = 1, n do
  local b = load(i, now)
  buckets[i] = b
  local d = delay(b, tonumber(ARGV[3 + 2 * i]))
  if d == nil then
    waiting, which = true, i
    break
  end
  if d > worst then worst, which = d, i end
end

local out = {}
if waiting then
  out[1] = false
elseif worst > 0 then
  out[1] = num(worst)
else
  out[1] = ''
  for i = 1, n do
    local b = buckets[i]
    redis.call('ZADD', b.leases, now + lease_ttl, lease)
    b.in_flight = b.in_flight + 1
    b.last = now
  end
end
out[2] = which
local first = redis.call('ZRANGE', buckets[which].leases, 0, 0, 'WITHSCORES')
out[3] = first[2] and num(tonumber(first[2]) - now) or false
out[4] = lease
for i = 1, #buckets do
  save(buckets[i], tonumber(ARGV[4 + 2 * i]))
  snapshot(out, buckets[i], now)
end
return out
"""
)

SETTLE = (
    _PRELUDE
    + """
-- ARGV: now, lease id, mode ('answer' | 'none' : no answer | 'cancel' : never sent),
-- limit, remaining, reset (s from now), blocked until (s from now), documented limit of
-- the sub-bucket, channel, publisher id, then per bucket: window (s), key ttl (ms).
-- Optional values are ''. Returns the owner's index, then per bucket its snapshot.
local now = clock()
local lease, mode = ARGV[2], ARGV[3]
local h_limit, h_remaining = tonumber(ARGV[4]), tonumber(ARGV[5])
local h_reset = tonumber(ARGV[6])
if h_reset then h_reset = now + h_reset end
local blocked = tonumber(ARGV[7])
if blocked then blocked = now + blocked end
local n = #KEYS / 2
local usable = h_limit ~= nil and h_remaining ~= nil

-- When the request was sent: its lease's member ends in '@' and that time.
local sent = tonumber(string.match(lease, '@([^@]+)$'))
local buckets = {}
for i = 1, n do
  local held = redis.call('ZREM', KEYS[2 * i], lease)
  local b = load(i, now)
  b.held = held == 1
  roll(b, now)
  -- Sent before the budget last refilled: counts as one spent; its headers, about the
  -- window that ended, never set this one (Bucket.settle).
  b.stale = sent ~= nil and b.rolled ~= nil and sent < b.rolled
  buckets[i] = b
end

-- Which bucket the headers describe (scheduler.store.owner_of).
local owner = 1
if h_limit and n > 1 then
  local main, sub = buckets[1], buckets[2]
  if main.limit then
    if h_limit ~= main.limit then owner = 2 end
  else
    local expected = sub.limit or tonumber(ARGV[8])
    if h_limit == expected then owner = 2 end
  end
end

-- Bucket.observe: while the known window runs, an answer with a later reset, or one
-- at most RESET_NOISE earlier, is about it (windows never overlap) and only lowers what
-- remains; one much earlier is another limiter's.
local function observe(b, window)
  local reset = h_reset
  if not reset then reset = b.reset or (now + window) end
  if not b.reset or not b.remaining or now >= b.reset then
    b.limit, b.remaining, b.reset = h_limit, h_remaining, reset
  elseif reset > now and reset >= b.reset - RESET_NOISE then
    b.limit = h_limit
    b.remaining = math.min(b.remaining, h_remaining)
  end
end

if mode ~= 'cancel' then
  for i = 1, n do
    local b = buckets[i]
    if i == owner and usable and not b.stale then
      observe(b, tonumber(ARGV[9 + 2 * i]))
    elseif b.remaining and b.held then
      -- (A lease that had expired was counted as spent already.)
      b.remaining = math.max(b.remaining - 1, 0)
    end
  end
  local main = buckets[1]
  if mode == 'answer' and not (main.limit and main.remaining) and not usable then
    main.silent = true
  end
  if blocked then
    local b = buckets[owner]
    b.blocked = blocked
    if b.remaining and (not b.reset or blocked >= b.reset - SAME_WINDOW) then
      b.remaining = 0
    end
  end
end

local out = {owner}
for i = 1, n do
  save(buckets[i], tonumber(ARGV[10 + 2 * i]))
  snapshot(out, buckets[i], now)
end
redis.call('PUBLISH', ARGV[9], ARGV[10])
return out
"""
)
