// Deliberately broken client: sigmoid_prime and tanh_prime use the formulas written for a, z(1 − z) and
// 1 − z², but are given z. Oracle name: "prime-expects-a".
import { serve } from "../node/nn.mjs";

serve({
  name: "broken: σ′ written for a, given z",
  overrides: { sigmoidPrime: (z) => z * (1 - z), tanhPrime: (z) => 1 - z * z },
});
