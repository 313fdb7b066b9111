// Deliberately broken training client: η applied to the gradient summed over the batch, not its mean.
// Oracle name: "summed-gradient".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: summed gradient",
  training: {
    update: (param, grad, lr, n) => {
      for (let k = 0; k < param.length; k++) param[k] -= lr * n * grad[k];
    },
  },
});
