// Deliberately broken client: dW divided by N twice, db right. Oracle name: "weights-batch-mean-twice".
import { matmul, scale, serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: dW with 1/N twice",
  overrides: {
    weightGradient: (delta, aPrev) =>
      scale(matmul(delta, transpose(aPrev)), 1 / delta[0].length ** 2),
  },
});
