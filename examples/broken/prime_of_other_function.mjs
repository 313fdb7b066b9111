// Deliberately broken client: each derivative written in the other function's form, σ′ = 1 − σ² and
// tanh′ = tanh(1 − tanh). Oracle name: "prime-of-other-function".
import { primitives, serve } from "../node/nn.mjs";

const s = primitives.sigmoid;
serve({
  name: "broken: the derivative of the other function",
  overrides: {
    sigmoidPrime: (z) => 1 - s(z) ** 2,
    tanhPrime: (z) => Math.tanh(z) * (1 - Math.tanh(z)),
  },
});
