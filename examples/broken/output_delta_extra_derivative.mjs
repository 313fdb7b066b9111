// Deliberately broken client: δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) ⊙ f′(zᴸ), the derivative applied twice.
// Oracle name: "output-delta-extra-derivative".
import { mul, primitives, serve } from "../node/nn.mjs";

serve({
  name: "broken: δᴸ with f′ twice",
  overrides: {
    outputDerivative: (act, z, a) => {
      const d = primitives.backpropDerivative(act, z, a);
      return mul(d, d);
    },
  },
});
