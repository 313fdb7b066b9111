// Deliberately broken client: the step goes up the gradient, W ← W + η dW. Oracle name: "gradient-ascent".
import { scale, serve, sub } from "../node/nn.mjs";

serve({
  name: "broken: gradient ascent",
  overrides: { step: (P, dP, lr) => sub(P, scale(dP, -lr)) },
});
