// Deliberately broken client: dW and db divided by N twice. Oracle name: "batch-mean-twice".
import { matmul, rowSums, scale, serve, transpose } from "../node/nn.mjs";

const N2 = (delta) => 1 / delta[0].length ** 2;
serve({
  name: "broken: 1/N twice",
  overrides: {
    weightGradient: (delta, aPrev) => scale(matmul(delta, transpose(aPrev)), N2(delta)),
    biasGradient: (delta) => scale(rowSums(delta), N2(delta)),
  },
});
