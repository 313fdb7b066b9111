// Deliberately broken client: σ′(z) = 1 − σ(z), the factor σ(z) forgotten.
// Oracle name: "sigmoid-prime-missing-factor".
import { primitives, serve } from "../node/nn.mjs";

const s = primitives.sigmoid;
serve({ name: "broken: σ′ = 1 − σ", overrides: { sigmoidPrime: (z) => 1 - s(z) } });
