// Deliberately broken client: tanh′(z) = 1 − tanh(z), the square forgotten.
// Oracle name: "tanh-prime-missing-square".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: tanh′ without the square",
  overrides: { tanhPrime: (z) => 1 - Math.tanh(z) },
});
