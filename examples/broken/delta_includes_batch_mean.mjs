// Deliberately broken client: reports δ with the batch mean's 1/N (document 000's G = ∂Loss/∂T)
// instead of the per-sample δ. Oracle name: "delta-includes-batch-mean", reported as a convention.
import { scale, serve } from "../node/nn.mjs";

serve({
  name: "broken: δ with 1/N",
  overrides: { reportedDelta: (delta) => scale(delta, 1 / delta[0].length) },
});
