// Deliberately broken client: dW = δ aᵀ without the 1/N that db has. Oracle name: "weights-not-averaged".
import { matmul, serve, transpose } from "../node/nn.mjs";

serve({
  name: "broken: dW not averaged",
  overrides: { weightGradient: (delta, aPrev) => matmul(delta, transpose(aPrev)) },
});
