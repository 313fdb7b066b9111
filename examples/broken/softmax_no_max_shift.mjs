// Deliberately broken client: softmax and log-sum-exp without subtracting the maximum, so e^z
// overflows on large logits. Oracle name: "softmax-no-max-shift".
import { serve } from "../node/nn.mjs";

const sum = (xs) => xs.reduce((s, x) => s + x, 0);
serve({
  name: "broken: softmax without the max shift",
  overrides: {
    softmax: (u) => {
      const e = u.map(Math.exp);
      const s = sum(e);
      return e.map((x) => x / s);
    },
    logSumExp: (u) => Math.log(sum(u.map(Math.exp))),
  },
});
