-- Argo CD health check for the switchboard.io kinds ExpertPool, RoutingPolicy and Budget: one script,
-- installed under each kind's key resource.customizations.health.switchboard.io_<Kind> in argocd-cm
-- (docs/argocd.md). Every kind is Progressing until the operator has reconciled the current
-- generation; then its conditions are checked in the order below, the first that holds decides.
--   ExpertPool: Degraded when an expert is invalid or only some experts serve; Healthy when every
--     expert is ready.
--   RoutingPolicy: Degraded when the policy is not valid (unknown pool, bad parameters: the condition
--     says which) or its routers refuse the configuration; Healthy when its routers are ready.
--   Budget: Degraded once a limit is reached (enforcement is active) or the routers break the
--     Budget's SLO (SloMet=False); Healthy while spend is within the budget.
local hs = {}

local kinds = {
  ExpertPool = {
    unreconciled = "Waiting for the operator to reconcile the pool",
    rules = {
      { type = "Degraded", status = "True", health = "Degraded", fallback = "Pool is degraded" },
      { type = "Ready", status = "True", health = "Healthy", fallback = "All experts ready" },
      -- Ready=False with one of these reasons will not fix itself without a spec or cluster change.
      { type = "Ready", status = "False", health = "Degraded", fallback = "Pool is not ready",
        reasons = { InvalidExpert = true, InvalidSpec = true, ReconcileError = true } },
    },
    pending = { type = "Ready", fallback = "Waiting for experts to become ready" },
  },
  RoutingPolicy = {
    unreconciled = "Waiting for the operator to reconcile the policy",
    rules = {
      { type = "Valid", status = "False", health = "Degraded", fallback = "Policy is not valid" },
      -- Routers that refuse the published configuration keep serving an older one: the policy is
      -- not what Git says.
      { type = "Degraded", status = "True", health = "Degraded",
        fallback = "Routers refuse the configuration" },
      { type = "Ready", status = "True", health = "Healthy", fallback = "Routers ready" },
    },
    pending = { type = "Ready", fallback = "Waiting for the routers to load the configuration" },
  },
  Budget = {
    unreconciled = "Waiting for the operator to account the budget",
    rules = {
      { type = "Exceeded", status = "True", health = "Degraded", fallback = "Budget exceeded" },
      { type = "SloMet", status = "False", health = "Degraded", fallback = "SLO breached" },
      { type = "WithinBudget", status = "True", health = "Healthy", fallback = "Within budget" },
    },
    pending = { type = "WithinBudget", fallback = "Waiting for the operator to account spend" },
  },
}

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function describe(condition, fallback)
  if condition ~= nil and condition.message ~= nil and condition.message ~= "" then
    return condition.message
  end
  if condition ~= nil and condition.reason ~= nil and condition.reason ~= "" then
    return condition.reason
  end
  return fallback
end

local kind = kinds[obj.kind]
if kind == nil then
  hs.status = "Unknown"
  hs.message = "Not a switchboard.io kind this check knows: " .. tostring(obj.kind)
  return hs
end

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = kind.unreconciled
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

for _, rule in ipairs(kind.rules) do
  local condition = findCondition(obj.status.conditions, rule.type)
  if condition ~= nil and condition.status == rule.status
      and (rule.reasons == nil or rule.reasons[condition.reason]) then
    hs.status = rule.health
    hs.message = describe(condition, rule.fallback)
    return hs
  end
end

hs.status = "Progressing"
hs.message = describe(findCondition(obj.status.conditions, kind.pending.type), kind.pending.fallback)
return hs
