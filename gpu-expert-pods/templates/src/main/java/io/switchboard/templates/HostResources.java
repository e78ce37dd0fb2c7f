package io.switchboard.templates;

import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Host CPU, memory and shared memory a GPU engine pod requests, derived from its GPU count so the
 * scheduler places it on a node that can feed its GPUs (an engine pod without requests lands on a
 * node whose CPUs are already taken, and tokenisation, sampling and the HTTP frontend starve).
 *
 * <ul>
 *   <li>CPU: 4 cores per GPU (tokeniser, scheduler and one worker process per GPU), no limit, since
 *       CPU throttling shows up directly as inter-token latency;
 *   <li>{@code /dev/shm}: a memory-backed emptyDir of 2 GiB per GPU, at most 16 GiB (NCCL's
 *       intra-node buffers and the engines' worker IPC; vLLM's Kubernetes guide uses 2 GiB for one
 *       pod), with a size limit so a runaway writer is evicted instead of taking the node's memory;
 *   <li>memory: 16 GiB per GPU for the engine process (weights are memory-mapped while they load)
 *       plus the shared memory, which is charged to the pod.
 * </ul>
 *
 * Requests only, no memory limit: a limit below what a large checkpoint needs while loading would
 * kill the pod at start, and the node's GPUs are the scarce resource, not its memory.
 */
record HostResources(int cpuCores, long memoryGi, long sharedMemoryGi) {

  static final int CPU_PER_GPU = 4;
  static final long MEMORY_GI_PER_GPU = 16;
  static final long SHM_GI_PER_GPU = 2;
  static final long SHM_GI_MAX = 16;

  static HostResources forGpus(int gpus) {
    int n = Math.max(1, gpus);
    long shm = Math.min(SHM_GI_MAX, SHM_GI_PER_GPU * n);
    return new HostResources(CPU_PER_GPU * n, MEMORY_GI_PER_GPU * n + shm, shm);
  }

  Quantity cpu() {
    return new Quantity(String.valueOf(cpuCores));
  }

  Quantity memory() {
    return new Quantity(memoryGi + "Gi");
  }

  Quantity sharedMemory() {
    return new Quantity(sharedMemoryGi + "Gi");
  }
}
