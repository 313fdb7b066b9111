// Deliberately broken client: σ(z) = e^z / (1 + e^z), which overflows to NaN for z > 709, and
// σ′ = σ(1 − σ) from it. Oracle name: "sigmoid-overflow".
import { serve } from "../node/nn.mjs";

const s = (z) => Math.exp(z) / (1 + Math.exp(z));
serve({
  name: "broken: σ overflows",
  overrides: { sigmoid: s, sigmoidPrime: (z) => s(z) * (1 - s(z)) },
});
