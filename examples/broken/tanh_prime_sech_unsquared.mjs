// Deliberately broken client: tanh′(z) = sech(z) = 1/cosh(z), the square forgotten.
// Oracle name: "tanh-prime-sech-unsquared".
import { serve } from "../node/nn.mjs";

serve({ name: "broken: tanh′ = sech", overrides: { tanhPrime: (z) => 1 / Math.cosh(z) } });
