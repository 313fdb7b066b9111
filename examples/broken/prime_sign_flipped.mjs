// Deliberately broken client: the activation derivatives have the wrong sign, σ(z)(σ(z) − 1) and
// tanh²(z) − 1. Oracle name: "prime-sign-flipped".
import { primitives, serve } from "../node/nn.mjs";

const s = primitives.sigmoid;
serve({
  name: "broken: f′ with the wrong sign",
  overrides: { sigmoidPrime: (z) => s(z) * (s(z) - 1), tanhPrime: (z) => Math.tanh(z) ** 2 - 1 },
});
