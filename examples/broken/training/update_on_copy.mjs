// Deliberately broken training client: the update is applied to a copy of the weights, then lost.
// Oracle name: "update-lost-on-copy".
import { serve } from "../../node/nn.mjs";

serve({
  name: "broken training: updates lost on a copy",
  training: {
    update: (param, grad, lr) => {
      const copy = param.slice();
      for (let k = 0; k < copy.length; k++) copy[k] -= lr * grad[k];
    },
  },
});
