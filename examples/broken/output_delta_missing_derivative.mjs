// Deliberately broken client: δᴸ = ∂C₀/∂aᴸ without ⊙ f′(zᴸ) (elementwise outputs).
// Oracle name: "output-delta-missing-derivative".
import { map, serve } from "../node/nn.mjs";

serve({
  name: "broken: δᴸ without f′",
  overrides: { outputDerivative: (_act, z) => map(z, () => 1) },
});
