-- Argo CD health check for switchboard.io RoutingPolicy.
-- Install as resource.customizations.health.switchboard.io_RoutingPolicy in argocd-cm (docs/argocd.md).
-- Progressing until the operator has reconciled the current generation; Degraded when the policy is
-- not valid (unknown pool, bad parameters: the condition says which) or its routers refuse the configuration;
-- Healthy when its routers are ready.
local hs = {}

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

if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile the policy"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local valid = findCondition(obj.status.conditions, "Valid")
if valid ~= nil and valid.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(valid, "Policy is not valid")
  return hs
end

-- Routers that refuse the published configuration keep serving an older one: the policy is not what Git says.
local degraded = findCondition(obj.status.conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(degraded, "Routers refuse the configuration")
  return hs
end

local ready = findCondition(obj.status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Routers ready")
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, "Waiting for the routers to load the configuration")
return hs
