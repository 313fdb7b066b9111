// Deliberately broken client: the softmax cross-entropy as −Σ y log p from the probabilities, so that
// p underflows to 0 on large logits and the loss is Infinity. Oracle name: "log-of-probabilities".
import { primitives, serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: log of probabilities",
  overrides: {
    softmaxCrossEntropy: (Z, Y) => {
      const P = transpose(transpose(Z).map(primitives.softmax));
      let total = 0;
      P.forEach((r, i) =>
        r.forEach((p, k) => (total -= Y[i][k] === 0 ? 0 : Y[i][k] * Math.log(p)))
      );
      return total / Z[0].length;
    },
  },
});
