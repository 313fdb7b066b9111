// Deliberately broken client: a softmax output under a quadratic cost back-propagated with only the
// Jacobian's diagonal, δᴸ = p(1 − p) ⊙ ∂C₀/∂a. Oracle name: "softmax-jacobian-diagonal".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: softmax Jacobian diagonal only",
  overrides: { softmaxJacobianTimes: (p, g) => p.map((pi, i) => pi * (1 - pi) * g[i]) },
});
