let enabled = true;

/** Whether ops currently record a graph for backward. */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording a graph: for evaluation and optimizer steps, where no gradient is
 * needed and the graph would only cost memory. Nests, and restores the mode even if `fn` throws.
 *
 * @example
 * const logits = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  const previous = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
