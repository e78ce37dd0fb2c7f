-- Argo CD health check for switchboard.io Budget.
-- Install as resource.customizations.health.switchboard.io_Budget in argocd-cm (docs/argocd.md).
-- Progressing until the operator has reconciled the current generation; Degraded once a limit is
-- reached (enforcement is active) or the routers break the Budget's SLO (SloMet=False); Healthy
-- while spend is within the budget.
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
  hs.message = "Waiting for the operator to account the budget"
  return hs
end

local generation = obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local exceeded = findCondition(obj.status.conditions, "Exceeded")
if exceeded ~= nil and exceeded.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(exceeded, "Budget exceeded")
  return hs
end

local slo = findCondition(obj.status.conditions, "SloMet")
if slo ~= nil and slo.status == "False" then
  hs.status = "Degraded"
  hs.message = describe(slo, "SLO breached")
  return hs
end

local within = findCondition(obj.status.conditions, "WithinBudget")
if within ~= nil and within.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(within, "Within budget")
  return hs
end

hs.status = "Progressing"
hs.message = describe(within, "Waiting for the operator to account spend")
return hs
