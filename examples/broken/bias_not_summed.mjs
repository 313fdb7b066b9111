// Deliberately broken client: db = δ/N, not summed over the batch (one column per sample).
// Oracle name: "bias-not-summed".
import { primitives, scale, serve } from "../node/nn.mjs";

serve({
  name: "broken: db not summed",
  overrides: { biasGradient: (delta) => scale(delta, primitives.batchMean(delta[0].length)) },
});
