package io.switchboard.api.v1alpha1.expertpool;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.switchboard.api.v1alpha1.common.SwitchboardStatus;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExpertPoolStatus extends SwitchboardStatus {

  @JsonPropertyDescription("Ready experts / experts, e.g. 2/3.")
  private String readySummary;

  @JsonPropertyDescription("Number of experts that serve traffic.")
  private Integer readyExperts;

  @JsonPropertyDescription(
      "Gini coefficient of recent traffic across experts (0 = even, 1 = one expert takes all).")
  private Double loadGini;

  @JsonPropertyDescription("Per-expert state.")
  private List<ExpertStatus> experts = new ArrayList<>();

  public String getReadySummary() {
    return readySummary;
  }

  public void setReadySummary(String readySummary) {
    this.readySummary = readySummary;
  }

  public Integer getReadyExperts() {
    return readyExperts;
  }

  public void setReadyExperts(Integer readyExperts) {
    this.readyExperts = readyExperts;
  }

  public Double getLoadGini() {
    return loadGini;
  }

  public void setLoadGini(Double loadGini) {
    this.loadGini = loadGini;
  }

  public List<ExpertStatus> getExperts() {
    return experts;
  }

  public void setExperts(List<ExpertStatus> experts) {
    this.experts = experts == null ? new ArrayList<>() : new ArrayList<>(experts);
  }
}
