// Deliberately broken client: dW and db twice the gradient, δ right. Oracle name: "gradient-doubled".
import { primitives, scale, serve } from "../node/nn.mjs";

const { weightGradient, biasGradient } = primitives;
serve({
  name: "broken: dW and db doubled",
  overrides: {
    weightGradient: (delta, aPrev) => scale(weightGradient(delta, aPrev), 2),
    biasGradient: (delta) => scale(biasGradient(delta), 2),
  },
});
