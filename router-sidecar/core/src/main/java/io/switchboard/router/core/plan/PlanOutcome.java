package io.switchboard.router.core.plan;

/** What planning a request ended with: a plan to execute, or why there is none. */
public sealed interface PlanOutcome permits RequestPlan, Refusal, Unroutable, AwaitingDecision {}
