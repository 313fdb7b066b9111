// Deliberately broken client: δᴸ = ∂C₀/∂aᴸ without ⊙ f′(zᴸ) (and without the softmax Jacobian under a
// quadratic cost).
// Oracle name: "output-delta-missing-derivative".
import { map, serve } from "../node/nn.mjs";

serve({
  name: "broken: δᴸ without f′",
  overrides: { outputDerivative: (_act, z) => map(z, () => 1), softmaxJacobianTimes: (_p, g) => g },
});
