// Deliberately broken client: the softmax cross-entropy δ a − y multiplied by the softmax Jacobian
// again, J(p)·(a − y). Oracle name: "softmax-ce-extra-jacobian".
import { primitives, serve, sub, transpose } from "../node/nn.mjs";

serve({
  name: "broken: softmax-CE δ times the Jacobian",
  overrides: {
    softmaxCrossEntropyDelta: (P, Y) => {
      const D = transpose(sub(P, Y));
      return transpose(transpose(P).map((p, k) => primitives.softmaxJacobianTimes(p, D[k])));
    },
  },
});
