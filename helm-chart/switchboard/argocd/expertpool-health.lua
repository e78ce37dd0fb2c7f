-- Argo CD health check for switchboard.io ExpertPool.
-- Install as resource.customizations.health.switchboard.io_ExpertPool in argocd-cm (docs/argocd.md).
-- Progressing until the operator has reconciled the current generation; Degraded when an expert is
-- invalid or only some experts serve; Healthy when every expert is ready.
local hs = {}

-- Ready=False with one of these reasons will not fix itself without a spec or cluster change.
local failureReasons = { InvalidExpert = true, InvalidSpec = true, ReconcileError = true }

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
  hs.message = "Waiting for the operator to reconcile the pool"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local degraded = findCondition(obj.status.conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(degraded, "Pool is degraded")
  return hs
end

local ready = findCondition(obj.status.conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "All experts ready")
  return hs
end
if ready ~= nil and ready.status == "False" and failureReasons[ready.reason] then
  hs.status = "Degraded"
  hs.message = describe(ready, "Pool is not ready")
  return hs
end

hs.status = "Progressing"
hs.message = describe(ready, "Waiting for experts to become ready")
return hs
