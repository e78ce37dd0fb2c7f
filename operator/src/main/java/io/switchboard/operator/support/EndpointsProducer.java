package io.switchboard.operator.support;

import io.switchboard.operator.routingpolicy.ExpertEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** In a cluster routers reach experts through their Services. */
public class EndpointsProducer {

  @Produces
  @ApplicationScoped
  ExpertEndpoints expertEndpoints() {
    return ExpertEndpoints.clusterServices();
  }
}
