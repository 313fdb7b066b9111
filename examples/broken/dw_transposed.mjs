// Deliberately broken client: dW = a·δᵀ instead of δ·aᵀ (dW transposed). Oracle name: "dw-transposed".
import { matmul, primitives, scale, serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: dW transposed",
  overrides: {
    weightGradient: (delta, aPrev) =>
      scale(matmul(aPrev, transpose(delta)), primitives.batchMean(delta[0].length)),
  },
});
