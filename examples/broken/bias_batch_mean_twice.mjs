// Deliberately broken client: db divided by N twice, dW right. Oracle name: "bias-batch-mean-twice".
import { rowSums, scale, serve } from "../node/nn.mjs";

serve({
  name: "broken: db with 1/N twice",
  overrides: { biasGradient: (delta) => scale(rowSums(delta), 1 / delta[0].length ** 2) },
});
