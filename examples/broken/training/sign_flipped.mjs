// Deliberately broken training client: the update climbs the gradient, W := W + η·dW.
// Oracle name: "update-sign-flipped".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: update sign flipped",
  training: {
    update: (param, grad, lr) => {
      for (let k = 0; k < param.length; k++) param[k] += lr * grad[k];
    },
  },
});
